/** One Logger and one Metrics per function; their settings come from the POWERTOOLS_* environment. */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'tenantkit';

export const logger = new Logger({ serviceName });

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'TenantKit',
});
