/**
 * One Powertools Logger per function; its settings come from the POWERTOOLS_* environment. An API
 * request's keys (requestId, tenantId, userId) are appended to every line it writes by the API
 * middleware (shared/observability/request-observability.ts), so domain code passes none by hand.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'tenantkit';

export const logger = new Logger({ serviceName });
