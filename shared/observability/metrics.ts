/**
 * One Powertools Metrics (EMF) per function: API requests (shared/observability/request-observability.ts),
 * job outcomes (shared/jobs/worker.ts) and the request limiter's fail-open count; and one more for
 * the jobs' consumption lines, each published at once, so jobs run side by side in one batch never
 * share a line (or its tenant metadata) with each other or with the batch's outcome counts.
 * POWERTOOLS_METRICS_DISABLED keeps tests and `npm start` quiet.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceName } from './logger.ts';

export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'TenantKit',
});

export const consumptionLine = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'TenantKit',
});
