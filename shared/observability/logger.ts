/**
 * One Powertools Logger per function; its settings come from the POWERTOOLS_* environment.
 *
 * An API request's log lines carry its keys (`RequestLogKeys`: request, tenant, user) as attributes
 * of the line itself, not through `appendKeys` and `resetKeys` on every request: most requests write
 * no line, and Powertools' per-request key bookkeeping was a measurable share of a warm request
 * (README, Performance). So a line written while serving a request passes `callerLogKeys(caller)`.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'tenantkit';

export const logger = new Logger({ serviceName });
