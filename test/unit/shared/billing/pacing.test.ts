/** The pacer that keeps scheduled Stripe calls under the rate limit. */
import { describe, expect, it } from 'vitest';
import { pacer, reconcileIntervalMs, reconcileRequestsPerSecond } from '#shared/billing/pacing.ts';
import { queueDesign } from '#shared/jobs/queue-design.ts';

describe('pacer', () => {
  it('lets the first call through at once and spaces the next ones by the interval', async () => {
    // Prepare: a clock that only moves when the pacer waits
    let clock = 1_000;
    const waits: number[] = [];
    const pace = pacer(
      100,
      () => clock,
      async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    );

    // Act
    for (let call = 0; call < 5; call++) await pace();

    // Assess: 5 calls take 400 ms, i.e. 10 per second
    expect(waits).toEqual([100, 100, 100, 100]);
    expect(clock).toBe(1_400);
  });

  it('keeps every bulk worker together under Stripe’s 25 requests per second', () => {
    const together = queueDesign.bulk.consumer.maxConcurrency * (1000 / reconcileIntervalMs);
    expect(together).toBe(reconcileRequestsPerSecond);
    expect(together).toBeLessThan(25);
  });
});
