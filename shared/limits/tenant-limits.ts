/**
 * The request limits one tenant gets: its plan's, replaced field by field by the operator's
 * overrides on the tenant item, and spread over shards when the rate exceeds what one DynamoDB
 * partition should take.
 */
import { type LimitOverrides, type PlanName, plans } from '#shared/tenants/plans.ts';
import type { BucketPolicy } from './token-bucket.ts';

export interface RequestLimits extends BucketPolicy {
  readonly monthlyRequests: number;
}

/**
 * Writes per second one limiter shard is given: half of a partition's 1,000 WCU, because refused
 * (conditional-failed) takes consume a write too and a burst lands on top of the steady rate.
 */
export const maxRatePerShard = 500;

export function requestLimits(
  plan: PlanName,
  overrides: LimitOverrides | undefined,
  scale: number,
): RequestLimits {
  const planLimits = plans[plan];
  return {
    ratePerSecond: (overrides?.requestsPerSecond ?? planLimits.requestsPerSecond) * scale,
    burst: (overrides?.burst ?? planLimits.burst) * scale,
    monthlyRequests: (overrides?.monthlyRequests ?? planLimits.monthlyRequests) * scale,
  };
}

export interface ShardPlan {
  readonly shards: number;
  /** The limits each shard enforces; their sum is the tenant's. */
  readonly perShard: RequestLimits;
}

export function shardPlan(limits: RequestLimits): ShardPlan {
  const shards = Math.max(1, Math.ceil(limits.ratePerSecond / maxRatePerShard));
  return {
    shards,
    perShard: {
      ratePerSecond: limits.ratePerSecond / shards,
      burst: Math.max(1, Math.floor(limits.burst / shards)),
      monthlyRequests: Math.max(1, Math.floor(limits.monthlyRequests / shards)),
    },
  };
}
