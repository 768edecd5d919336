/**
 * middy middleware that flushes the metrics an invocation recorded as one EMF line, and writes
 * nothing when it recorded none. Request counts per plan and tenant come from API Gateway's access
 * log (lib/observability), so a plain request costs its function no log write at all; Powertools'
 * own logMetrics would write an empty-metrics warning instead.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

export function publishMetrics(metrics: Metrics): MiddlewareObj {
  const publishOrClear = (): void => {
    if (metrics.hasStoredMetrics()) {
      metrics.publishStoredMetrics();
      return;
    }
    // Dimensions and metadata set for this request must not leak into the next one's metrics.
    metrics.clearDimensions();
    metrics.clearMetadata();
  };
  // No cold-start metric: Lambda reports each cold start's init duration itself, and the Logger
  // marks every line of a cold invocation with cold_start.
  return {
    after: publishOrClear,
    onError: publishOrClear,
  };
}
