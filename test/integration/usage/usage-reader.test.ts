/**
 * The usage figures against DynamoDB Local for a tenant whose limiter spreads over more shards than
 * one BatchGet takes (an operator may allow up to 100,000 requests/s: 200 shards).
 */
import { describe, expect, it } from 'vitest';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { limitStore, usageReader } from '#shared/data/stores.ts';
import { admitTenantRequest } from '#shared/limits/tenant-limiter.ts';
import { requestLimits, shardPlan } from '#shared/limits/tenant-limits.ts';
import { readTenantUsage } from '#shared/usage/usage.ts';
import { seedTenant } from '../../support/seed.ts';

describe('readTenantUsage', () => {
  it('sums every shard of a tenant allowed 100,000 requests a second', async () => {
    // Prepare
    const tenant = await seedTenant('Busy Co');
    const overrides = { limits: { requestsPerSecond: 100_000 } };
    const ctx = tenantContextFromAuthorizer({
      tenantId: tenant.tenantId,
      userId: tenant.ownerId,
      role: 'owner',
      plan: 'enterprise',
      overrides: JSON.stringify(overrides),
    });
    if (!ctx) throw new Error('No context');
    const now = Date.now();
    for (let index = 0; index < 30; index++) {
      await admitTenantRequest(ctx, { store: limitStore(), scale: 1, nowMs: now });
    }

    // Act
    const usage = await readTenantUsage(ctx, usageReader(), { scale: 1, now: new Date(now) });

    // Assess
    expect(shardPlan(requestLimits('enterprise', overrides.limits, 1)).shards).toBe(200);
    expect(usage.requests.used).toBe(30);
    expect(usage.seats.used).toBe(1);
  });
});
