/**
 * Admits one request of a tenant: one conditional take from the tenant's own bucket, which also
 * counts the request in the month (the usage figure billing reads). Over the rate → 429
 * `rate_limited`; over the month's quota → 429 `quota_exceeded`; both carry Retry-After and the
 * RateLimit fields, and name no tenant.
 */
import { randomInt } from 'node:crypto';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { QuotaExceededError, RateLimitedError } from '#shared/errors.ts';
import type { LimitStore } from './model.ts';
import { quotaPeriod } from './periods.ts';
import { type CurrentFigures, type PolicyFigures, rateLimitHeaders } from './rate-limit-headers.ts';
import { requestLimits, shardPlan } from './tenant-limits.ts';
import { bucketTimes } from './token-bucket.ts';

/** A limiter item outlives its last request by 400 days: the quota history billing may still read. */
const itemLifetimeSeconds = 400 * 24 * 3600;

export interface TenantAdmission {
  /** The RateLimit-Policy and RateLimit fields for the response. */
  readonly headers: Record<string, string>;
}

export interface TenantLimiterOptions {
  readonly store: LimitStore;
  readonly scale: number;
  readonly nowMs: number;
  readonly signal?: AbortSignal;
}

export async function admitTenantRequest(
  ctx: TenantContext,
  { store, scale, nowMs, signal }: TenantLimiterOptions,
): Promise<TenantAdmission> {
  const limits = requestLimits(ctx.plan, ctx.overrides?.limits, scale);
  const { shards, perShard } = shardPlan(limits);
  const times = bucketTimes(perShard);
  const period = quotaPeriod(nowMs);
  const policies: PolicyFigures[] = [
    { name: 'burst', quota: limits.burst, windowSeconds: limits.burst / limits.ratePerSecond },
    { name: 'month', quota: limits.monthlyRequests, windowSeconds: period.lengthSeconds },
  ];
  const outcome = await store.take(
    { kind: 'tenant', scope: ctx, shard: shards === 1 ? 0 : randomInt(shards) },
    {
      times,
      nowUs: nowMs * 1000,
      quota: {
        month: period.month,
        droppedMonth: period.droppedMonth,
        limit: perShard.monthlyRequests,
      },
      expiresAt: Math.floor(nowMs / 1000) + itemLifetimeSeconds,
      ...(signal && { signal }),
    },
  );
  const monthFigures = (used: number): CurrentFigures => ({
    name: 'month',
    remaining: limits.monthlyRequests - used * shards,
    resetSeconds: period.secondsLeft,
  });
  switch (outcome.kind) {
    case 'allowed':
      return {
        headers: rateLimitHeaders(policies, [
          {
            name: 'burst',
            remaining: outcome.remaining * shards,
            resetSeconds: outcome.fullInUs / 1_000_000,
          },
          monthFigures(outcome.used ?? 0),
        ]),
      };
    case 'rateLimited': {
      const retryAfter = Math.max(1, Math.ceil(outcome.retryInUs / 1_000_000));
      throw new RateLimitedError(
        `Too many requests: the limit is ${limits.ratePerSecond} per second with bursts of ${limits.burst}`,
        retryAfter,
        { policy: 'burst', retryAfterSeconds: retryAfter },
        rateLimitHeaders(policies, [{ name: 'burst', remaining: 0, resetSeconds: retryAfter }]),
      );
    }
    case 'quotaExceeded':
      throw new QuotaExceededError(
        `The monthly quota of ${limits.monthlyRequests} requests is used up until ${period.month} ends`,
        period.secondsLeft,
        { policy: 'month', retryAfterSeconds: period.secondsLeft },
        rateLimitHeaders(policies, [{ ...monthFigures(outcome.used), remaining: 0 }]),
      );
  }
}
