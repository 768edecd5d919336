/** The limiter's conditional takes against DynamoDB Local: exact under concurrency, quota counted on the same item. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { dataConfig } from '#shared/config/runtime-config.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import { monthAttribute } from '#shared/data/limit-store.ts';
import { limitStore } from '#shared/data/stores.ts';
import { QuotaExceededError, RateLimitedError } from '#shared/errors.ts';
import { newUlid } from '#shared/ids.ts';
import type { BucketLocation, TakeRequest } from '#shared/limits/model.ts';
import { quotaPeriod } from '#shared/limits/periods.ts';
import { checkLoginFailures, recordLoginFailure } from '#shared/limits/public-limits.ts';
import { admitTenantRequest } from '#shared/limits/tenant-limiter.ts';
import { bucketTimes } from '#shared/limits/token-bucket.ts';

function freshTenant(overrides?: TenantContext['overrides']): TenantContext {
  const ctx = tenantContextFromAuthorizer({
    tenantId: newUlid(),
    userId: 'user-1',
    role: 'owner',
    plan: 'free',
    ...(overrides && { overrides: JSON.stringify(overrides) }),
  });
  if (!ctx) throw new Error('no context');
  return ctx;
}

const nowMs = Date.UTC(2026, 11, 4, 6, 0, 0);
const period = quotaPeriod(nowMs);

function takeAt(
  nowUs: number,
  policy: { ratePerSecond: number; burst: number },
  quota?: number,
): TakeRequest {
  return {
    times: bucketTimes(policy),
    nowUs,
    expiresAt: Math.floor(nowMs / 1000) + 3600,
    ...(quota !== undefined && {
      quota: { month: period.month, droppedMonth: period.droppedMonth, limit: quota },
    }),
  };
}

describe('the DynamoDB limit store', () => {
  it('admits exactly the burst out of many parallel requests on one bucket', async () => {
    const location: BucketLocation = { kind: 'tenant', scope: freshTenant(), shard: 0 };
    const request = takeAt(nowMs * 1000, { ratePerSecond: 1, burst: 10 });

    const outcomes = await Promise.all(
      Array.from({ length: 40 }, () => limitStore().take(location, request)),
    );

    expect(outcomes.filter((outcome) => outcome.kind === 'allowed')).toHaveLength(10);
    expect(outcomes.filter((outcome) => outcome.kind === 'rateLimited')).toHaveLength(30);
  });

  it('refills at the rate: after half a second at 10/s, five more', async () => {
    const location: BucketLocation = { kind: 'tenant', scope: freshTenant(), shard: 0 };
    const policy = { ratePerSecond: 10, burst: 10 };
    for (let index = 0; index < 10; index += 1) {
      await limitStore().take(location, takeAt(nowMs * 1000, policy));
    }

    const later = await Promise.all(
      Array.from({ length: 8 }, () =>
        limitStore().take(location, takeAt(nowMs * 1000 + 500_000, policy)),
      ),
    );

    expect(later.filter((outcome) => outcome.kind === 'allowed')).toHaveLength(5);
  });

  it('counts the month on the bucket item and refuses past the quota without counting', async () => {
    const scope = freshTenant();
    const location: BucketLocation = { kind: 'tenant', scope, shard: 0 };
    const policy = { ratePerSecond: 1000, burst: 1000 };

    const outcomes = [];
    for (let index = 0; index < 5; index += 1) {
      outcomes.push(await limitStore().take(location, takeAt(nowMs * 1000 + index, policy, 3)));
    }
    const item = await documentClient().send(
      new GetCommand({ TableName: dataConfig().tableName, Key: tenantKeys.limiter(scope, 0) }),
    );

    expect(outcomes.map((outcome) => outcome.kind)).toEqual([
      'allowed',
      'allowed',
      'allowed',
      'quotaExceeded',
      'quotaExceeded',
    ]);
    expect(item.Item?.[monthAttribute(period.month)]).toBe(3);
  });

  it("keeps each tenant's bucket its own: one tenant's flood leaves another's full", async () => {
    const noisy = freshTenant();
    const quiet = freshTenant();
    const policy = { ratePerSecond: 1, burst: 3 };
    for (let index = 0; index < 6; index += 1) {
      await limitStore().take(
        { kind: 'tenant', scope: noisy, shard: 0 },
        takeAt(nowMs * 1000, policy),
      );
    }

    const outcome = await limitStore().take(
      { kind: 'tenant', scope: quiet, shard: 0 },
      takeAt(nowMs * 1000, policy),
    );

    expect(outcome).toMatchObject({ kind: 'allowed', remaining: 2 });
  });
});

describe('admitTenantRequest at the real free plan (5/s, burst 10)', () => {
  it('admits 10 at once, then answers 429 rate_limited with Retry-After and RateLimit fields', async () => {
    const ctx = freshTenant();
    const options = { store: limitStore(), scale: 1, nowMs };
    const admitted = [];
    for (let index = 0; index < 10; index += 1)
      admitted.push(await admitTenantRequest(ctx, options));

    const refused = await admitTenantRequest(ctx, options).catch((error: unknown) => error);

    expect(admitted.at(-1)?.headers).toMatchObject({
      'ratelimit-policy': expect.stringContaining('"burst";q=10;w=2'),
      ratelimit: expect.stringMatching(/^"burst";r=0;t=2, "month";r=99990;t=\d+$/),
    });
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(1);
    expect((refused as RateLimitedError).message).not.toContain(ctx.tenantId);
  });

  it("answers quota_exceeded past an operator's monthly override, until the month ends", async () => {
    const ctx = freshTenant({ limits: { monthlyRequests: 2 } });
    const options = { store: limitStore(), scale: 1, nowMs };
    await admitTenantRequest(ctx, options);
    await admitTenantRequest(ctx, options);

    const refused = await admitTenantRequest(ctx, options).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(QuotaExceededError);
    expect((refused as QuotaExceededError).retryAfterSeconds).toBe(period.secondsLeft);
  });
});

describe('sign-in failure budgets', () => {
  it('refuses a sixth try of one (email, IP) pair while the same email from another IP still may', async () => {
    const email = `guess-${newUlid()}@example.test`;
    const options = { store: limitStore(), scale: 1, nowMs };
    for (let index = 0; index < 5; index += 1) {
      await checkLoginFailures(email, '198.51.100.7', options);
      await recordLoginFailure(email, '198.51.100.7', options);
    }

    const sameAddress = await checkLoginFailures(email, '198.51.100.7', options).catch(
      (error: unknown) => error,
    );
    const otherAddress = await checkLoginFailures(email, '198.51.100.8', options);

    expect(sameAddress).toBeInstanceOf(RateLimitedError);
    expect(otherAddress).toBeUndefined();
  });
});
