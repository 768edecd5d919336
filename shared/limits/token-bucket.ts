/**
 * The token bucket as GCRA (generic cell rate algorithm): the whole state is one timestamp, the
 * theoretical arrival time (TAT), so one conditional write can both check and consume. Times are
 * integer microseconds, so the arithmetic is exact in JavaScript and in DynamoDB alike.
 */

export interface BucketPolicy {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** Capacity: requests admitted at once after a quiet spell. */
  readonly burst: number;
}

/** The bucket in the integer units one conditional update works with. */
export interface BucketTimes {
  /** Microseconds one request costs: 1 / rate, rounded up so the rate is never exceeded. */
  readonly intervalUs: number;
  /** Microseconds of credit a full bucket holds: burst × interval. */
  readonly capacityUs: number;
}

export function bucketTimes(policy: BucketPolicy): BucketTimes {
  const intervalUs = Math.ceil(1_000_000 / policy.ratePerSecond);
  return { intervalUs, capacityUs: intervalUs * Math.max(1, Math.floor(policy.burst)) };
}

export type BucketDecision =
  | {
      readonly allowed: true;
      /** The TAT to store. */
      readonly tatUs: number;
      /** Whole requests still admissible right now. */
      readonly remaining: number;
      /** Microseconds until the bucket is full again. */
      readonly fullInUs: number;
    }
  | {
      readonly allowed: false;
      /** Microseconds until one request would be admitted. */
      readonly retryInUs: number;
    };

/**
 * Admits a request at `nowUs` iff the bucket holds a token. `tatUs` is the stored TAT (undefined for
 * a bucket never used). A refused request changes nothing.
 */
export function decide(
  tatUs: number | undefined,
  nowUs: number,
  { intervalUs, capacityUs }: BucketTimes,
): BucketDecision {
  const next = Math.max(tatUs ?? nowUs, nowUs) + intervalUs;
  const debt = next - nowUs;
  if (debt > capacityUs) return { allowed: false, retryInUs: debt - capacityUs };
  return {
    allowed: true,
    tatUs: next,
    remaining: Math.floor((capacityUs - debt) / intervalUs),
    fullInUs: debt,
  };
}

/** A stored TAT in the past means a full bucket: the update sets the TAT instead of adding to it. */
export function isIdle(tatUs: number | undefined, nowUs: number): boolean {
  return tatUs === undefined || tatUs <= nowUs;
}

/** The largest stored TAT that still admits one more request at `nowUs` (the busy-bucket condition). */
export function maxAdmissibleTat(nowUs: number, { intervalUs, capacityUs }: BucketTimes): number {
  return nowUs + capacityUs - intervalUs;
}
