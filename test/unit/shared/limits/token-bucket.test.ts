/** The bucket arithmetic: whatever the arrival times, admissions never exceed burst + rate × time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BucketPolicy,
  bucketTimes,
  decide,
  isIdle,
  maxAdmissibleTat,
} from '#shared/limits/token-bucket.ts';

const policies = fc.record({
  ratePerSecond: fc.integer({ min: 1, max: 2000 }),
  burst: fc.integer({ min: 1, max: 200 }),
});
/** Increasing arrival times in microseconds within a few seconds. */
const arrivals = fc
  .array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 400 })
  .map((gaps) => {
    let at = 0;
    return gaps.map((gap) => {
      at += gap;
      return at;
    });
  });

function run(times: readonly number[], tat0: number | undefined, policy: BucketPolicy): number[] {
  const bucket = bucketTimes(policy);
  let tat = tat0;
  const admitted: number[] = [];
  for (const now of times) {
    const decision = decide(tat, now, bucket);
    if (decision.allowed) {
      tat = decision.tatUs;
      admitted.push(now);
    }
  }
  return admitted;
}

describe('the token bucket', () => {
  it('never admits more than burst + rate × elapsed in any window', () => {
    fc.assert(
      fc.property(policies, arrivals, (policy, times) => {
        const admitted = run(times, undefined, policy);
        for (let first = 0; first < admitted.length; first += 1) {
          for (let last = first; last < admitted.length; last += 1) {
            const elapsedSeconds = ((admitted[last] ?? 0) - (admitted[first] ?? 0)) / 1_000_000;
            expect(last - first + 1).toBeLessThanOrEqual(
              policy.burst + Math.floor(policy.ratePerSecond * elapsedSeconds),
            );
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('admits a full burst at once after a quiet spell, and not one more', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 1e12 }), (policy, now) => {
        const admitted = run(Array(policy.burst + 5).fill(now), undefined, policy);

        expect(admitted).toHaveLength(policy.burst);
      }),
    );
  });

  it('admits the steady rate forever when requests arrive exactly at it', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        const { intervalUs } = bucketTimes(policy);
        const times = Array.from({ length: 300 }, (_, index) => index * intervalUs);

        expect(run(times, undefined, policy)).toHaveLength(300);
      }),
    );
  });

  it('tells a refused caller when one request will be admitted again', () => {
    fc.assert(
      fc.property(policies, (policy) => {
        const bucket = bucketTimes(policy);
        let tat: number | undefined;
        for (let index = 0; index < policy.burst; index += 1) {
          const decision = decide(tat, 0, bucket);
          if (decision.allowed) tat = decision.tatUs;
        }
        const refused = decide(tat, 0, bucket);
        if (refused.allowed) throw new Error('the bucket should be empty');

        expect(decide(tat, refused.retryInUs, bucket).allowed).toBe(true);
        expect(decide(tat, refused.retryInUs - 1, bucket).allowed).toBe(false);
      }),
    );
  });

  it('matches the conditions the store writes: idle sets the TAT, busy adds to it up to the bound', () => {
    fc.assert(
      fc.property(
        policies,
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: -5e6, max: 5e6 }),
        (policy, now, offset) => {
          const bucket = bucketTimes(policy);
          const tat = now + offset;
          const decision = decide(tat, now, bucket);
          const admissibleByCondition = isIdle(tat, now) || tat <= maxAdmissibleTat(now, bucket);

          expect(decision.allowed).toBe(admissibleByCondition);
          if (decision.allowed) {
            expect(decision.tatUs).toBe(
              isIdle(tat, now) ? now + bucket.intervalUs : tat + bucket.intervalUs,
            );
          }
        },
      ),
    );
  });
});
