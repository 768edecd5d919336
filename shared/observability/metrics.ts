/**
 * Powertools Metrics for the job workers, and for the request limiter's fail-open count. API
 * functions' request counts come from API Gateway's access log (lib/observability/request-metrics.ts).
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceName } from './logger.ts';

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'TenantKit',
});
