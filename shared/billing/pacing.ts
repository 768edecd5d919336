/**
 * Keeps calls to Stripe under its rate limit (25 requests/s per endpoint in test mode, 100/s live)
 * from scheduled work: each worker container spaces its calls by an interval, and at most
 * `maxConcurrency` containers of the bulk queue run at once, so together they stay under the rate.
 */
import { queueDesign } from '#shared/jobs/queue-design.ts';

/** Below Stripe's 25/s, with room for the API's own calls (checkout, portal, webhook syncs). */
export const reconcileRequestsPerSecond = 20;

/** Each bulk worker's share: 2 containers × one call per 100 ms = 20/s. */
export const reconcileIntervalMs =
  (queueDesign.bulk.consumer.maxConcurrency * 1000) / reconcileRequestsPerSecond;

export type Pacer = () => Promise<void>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves at most once per `intervalMs`; the first call at once. */
export function pacer(
  intervalMs: number,
  now: () => number = Date.now,
  wait: (ms: number) => Promise<void> = sleep,
): Pacer {
  let next = Number.NEGATIVE_INFINITY;
  return async () => {
    const at = Math.max(now(), next);
    next = at + intervalMs;
    const delay = at - now();
    if (delay > 0) await wait(delay);
  };
}
