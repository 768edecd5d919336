/**
 * The limiter must never be why a request fails: a store call that errors or outlasts its budget
 * lets the request through, and says so in a log line and the `LimiterFailOpen` metric (alarmed in
 * CDK), so an outage of the limiter is seen, not silently unlimited.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from '#shared/observability/logger.ts';
import { metrics } from '#shared/observability/metrics.ts';
import { failOpenMetric } from './metric-names.ts';

/** Runs `work` with an abort signal that fires after `budgetMs`; undefined when it failed or timed out. */
export async function withinBudget<T>(
  what: string,
  budgetMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${what} took longer than ${budgetMs} ms`));
    }, budgetMs);
  });
  try {
    return await Promise.race([work(controller.signal), timeout]);
  } catch (error) {
    logger.warn('Request limiter unavailable; request let through', {
      limiter: what,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
    metrics.addMetric(failOpenMetric, MetricUnit.Count, 1);
    metrics.publishStoredMetrics();
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
