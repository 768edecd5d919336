/** One Powertools Logger per function; its settings come from the POWERTOOLS_* environment. */
import { Logger } from '@aws-lambda-powertools/logger';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'tenantkit';

export const logger = new Logger({ serviceName });
