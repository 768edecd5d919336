/** Feature resolution order (override → plan → rollout → default) through the OpenFeature client. */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { enabledFeatures, isFeatureEnabled } from '#shared/features/features.ts';
import { resolveFeature, rolloutBucket } from '#shared/features/resolve.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import type { TenantRoute } from '#shared/http/route.ts';
import { authorizedEvent } from '../../../support/events.ts';
import { readRoute } from '../../../support/routes.ts';

// The definitions file this test file's flag source reads (once, before the first evaluation).
const flagsFile = join(tmpdir(), `tenantkit-flags-${process.pid}.json`);
await writeFile(
  flagsFile,
  JSON.stringify({ usageInsights: { enabled: false, rolloutPercentage: 100 } }),
);
process.env.FEATURE_FLAGS_FILE = flagsFile;

const tenantId = '01JTESTTENANT0000000000000';
function context(plan: string, overrides?: object): TenantContext {
  const ctx = tenantContextFromAuthorizer({
    tenantId,
    userId: 'u1',
    role: 'owner',
    plan,
    ...(overrides && { overrides: JSON.stringify(overrides) }),
  });
  if (!ctx) throw new Error('no context');
  return ctx;
}

describe('resolveFeature', () => {
  it('lets an override win over the plan, and the plan over rollout and default', () => {
    const definitions = { auditExport: { enabled: true }, usageInsights: { enabled: true } };

    expect(resolveFeature('auditExport', { tenantId, plan: 'free' }, definitions)).toEqual({
      enabled: false,
      reason: 'plan',
    });
    expect(
      resolveFeature(
        'auditExport',
        { tenantId, plan: 'free', overrides: { auditExport: true } },
        definitions,
      ),
    ).toEqual({ enabled: true, reason: 'override' });
    expect(resolveFeature('usageInsights', { tenantId, plan: 'pro' }, definitions)).toEqual({
      enabled: true,
      reason: 'default',
    });
    expect(resolveFeature('usageInsights', { tenantId, plan: 'pro' }, {})).toEqual({
      enabled: false,
      reason: 'default',
    });
  });

  it('rolls out to about the percentage of tenants, and a larger percentage keeps everyone already in', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uuid(), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 99 }),
        (ids, low) => {
          const at = (percentage: number, id: string) =>
            resolveFeature(
              'usageInsights',
              { tenantId: id, plan: 'free' },
              {
                usageInsights: { enabled: false, rolloutPercentage: percentage },
              },
            ).enabled;
          for (const id of ids) if (at(low, id)) expect(at(low + 1, id)).toBe(true);
        },
      ),
    );
    const buckets = Array.from({ length: 2000 }, (_, index) =>
      rolloutBucket(`tenant-${index}`, 'usageInsights'),
    );
    const share = buckets.filter((bucket) => bucket < 25).length / buckets.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.3);
  });
});

describe('the OpenFeature client with our provider', () => {
  it('lists the features on for a tenant, from plan, override and the definitions file', async () => {
    expect(await enabledFeatures(context('free'))).toEqual(['usageInsights']);
    expect(await enabledFeatures(context('enterprise'))).toEqual([
      'auditExport',
      'sso',
      'usageInsights',
    ]);
    expect(
      await enabledFeatures(context('free', { features: { sso: true, usageInsights: false } })),
    ).toEqual(['sso']);
  });

  it('answers 403 feature_disabled on a route whose feature is off, and runs it when on', async () => {
    const route = { ...readRoute, feature: 'sso' } as const satisfies TenantRoute;
    const handler = apiHandler(route, { handle: async () => ok({ done: true }) });
    const event = (plan: string) =>
      authorizedEvent({ tenantId, userId: 'u1', role: 'owner', plan });

    const refused = await handler(event('pro'), lambdaContext('unit'));
    const allowed = await handler(event('enterprise'), lambdaContext('unit'));

    expect(refused.statusCode).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'feature_disabled', details: { feature: 'sso' } },
    });
    expect(allowed.statusCode).toBe(200);
    expect(await isFeatureEnabled(context('pro'), 'sso')).toBe(false);
  });
});
