/**
 * Cost and margin per tenant against DynamoDB Local: the tenant.daily job (through the real bulk
 * worker) prices the consumption it carries into a day's item and the month's, a rerun changes
 * nothing, and the read functions give one tenant's days and the least profitable tenants of a day
 * or month without a Scan.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { TenantConsumption } from '#shared/costs/consumption.ts';
import { dailyRevenue } from '#shared/costs/plan-prices.ts';
import { prices } from '#shared/costs/price-table.ts';
import { leastProfitableTenants, tenantCostSummary } from '#shared/costs/service.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import { ValidationError } from '#shared/errors.ts';
import { sendEnvelopes } from '#shared/jobs/enqueue.ts';
import { dailyJobId } from '#shared/upkeep/dispatch.ts';
import { startTestJobs, type TestJobs } from '../../support/jobs.ts';
import { setPlan } from '../../support/members.ts';
import { seedTenant } from '../../support/seed.ts';

let jobs: TestJobs;
beforeAll(async () => {
  jobs = await startTestJobs();
});
afterAll(() => jobs.stop());

const consumption = (figures: Partial<TenantConsumption>): TenantConsumption => ({
  requests: 0,
  jobs: 0,
  readUnits: 0,
  writeUnits: 0,
  gbSeconds: 0,
  ...figures,
});

/** The tenant.daily job of `day` carrying `used`, through the queue and the real bulk worker. */
async function runDaily(scope: TenantScope, day: string, used: TenantConsumption, id?: string) {
  await sendEnvelopes([
    {
      kind: 'tenant.daily',
      id: id ?? dailyJobId(day, scope.tenantId),
      tenantId: scope.tenantId,
      payload: { date: day, consumption: used },
      enqueuedAt: new Date().toISOString(),
    },
  ]);
  await jobs.workers.drained();
}

async function storedItem(scope: TenantScope, period: string) {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: tenantKeys.cost(scope, period) }),
  );
  return Item;
}

describe('the daily cost rollup', () => {
  it('writes the day priced from the table and the month as the sum of its days', async () => {
    // Prepare
    const tenant = await seedTenant('Costly Co');
    await setPlan(tenant.tenantId, 'pro');

    // Act
    await runDaily(
      tenant,
      '2031-03-14',
      consumption({ requests: 1_000_000, readUnits: 2_000_000, writeUnits: 1_000_000 }),
    );
    await runDaily(tenant, '2031-03-15', consumption({ requests: 10, writeUnits: 4 }));

    // Assess
    const day = await storedItem(tenant, '2031-03-14');
    expect(day).toMatchObject({
      tenantId: tenant.tenantId,
      period: '2031-03-14',
      plan: 'pro',
      requests: 1_000_000,
      readUnits: 2_000_000,
      writeUnits: 1_000_000,
      priceTableDate: prices.asOf,
      cost: { apiGateway: 3.5, lambdaRequests: 0.2, dynamodbReads: 0.25, dynamodbWrites: 0.625 },
    });
    expect(day?.cost.total).toBeCloseTo(3.5 + 0.2 + 0.25 + 0.625, 8);
    expect(day?.revenue).toBeCloseTo(dailyRevenue('pro', '2031-03-14'), 8);
    expect(day?.margin).toBeCloseTo(day?.revenue - day?.cost.total, 8);
    const month = await storedItem(tenant, '2031-03');
    expect(month).toMatchObject({ period: '2031-03', days: 2, requests: 1_000_010 });
    expect(month?.writeUnits).toBe(1_000_004);
    expect(month?.revenue).toBeCloseTo(2 * dailyRevenue('pro', '2031-03-14'), 8);
  });

  it('gives the same items when a day is rolled up again', async () => {
    // Prepare
    const tenant = await seedTenant('Rerun Co');
    const used = consumption({ requests: 40, readUnits: 30, writeUnits: 12, gbSeconds: 2 });
    await runDaily(tenant, '2031-04-01', used);
    const first = await storedItem(tenant, '2031-04');

    // Act: the same day again, under another job id (a claim would have stopped the same id)
    await runDaily(tenant, '2031-04-01', used, `rerun-${tenant.tenantId}`);

    // Assess
    const again = await storedItem(tenant, '2031-04');
    const { computedAt: _a, ...firstFigures } = first ?? {};
    const { computedAt: _b, ...againFigures } = again ?? {};
    expect(againFigures).toEqual(firstFigures);
    expect(again).toMatchObject({ days: 1, requests: 40 });
  });
});

describe('tenantCostSummary', () => {
  it('lists the tenant’s days in the range with their totals, and no other tenant’s', async () => {
    // Prepare
    const [tenant, other] = await Promise.all([seedTenant('Summed Co'), seedTenant('Other Co')]);
    await runDaily(tenant, '2031-05-01', consumption({ requests: 5, readUnits: 3 }));
    await runDaily(tenant, '2031-05-02', consumption({ requests: 7, readUnits: 1 }));
    await runDaily(tenant, '2031-05-09', consumption({ requests: 100 }));
    await runDaily(other, '2031-05-02', consumption({ requests: 1_000 }));

    // Act
    const summary = await tenantCostSummary(tenant, '2031-04-30', '2031-05-08');

    // Assess
    expect(summary.days.map((day) => day.period)).toEqual(['2031-05-01', '2031-05-02']);
    expect(summary.totals).toMatchObject({ days: 2, requests: 12, readUnits: 4 });
    expect(summary.totals.margin).toBeCloseTo(-summary.totals.cost.total, 8);
  });

  it('refuses a range that is not two days in order', async () => {
    // Prepare
    const tenant = await seedTenant('Bad Range Co');

    // Act
    const outcome = tenantCostSummary(tenant, '2031-05-09', '2031-05-01');

    // Assess
    await expect(outcome).rejects.toThrow(ValidationError);
  });
});

describe('leastProfitableTenants', () => {
  it('ranks the day’s and the month’s tenants by margin, lowest first', async () => {
    // Prepare: a heavy free tenant, a light pro tenant and an idle enterprise tenant
    const [heavyFree, lightPro, idleEnterprise] = await Promise.all([
      seedTenant('Heavy Free'),
      seedTenant('Light Pro'),
      seedTenant('Idle Enterprise'),
    ]);
    await setPlan(lightPro.tenantId, 'pro');
    await setPlan(idleEnterprise.tenantId, 'enterprise');
    const day = '2031-06-20';
    await runDaily(heavyFree, day, consumption({ requests: 2_000_000, writeUnits: 3_000_000 }));
    await runDaily(lightPro, day, consumption({ requests: 1_000 }));
    await runDaily(idleEnterprise, day, consumption({}));

    // Act
    const ofDay = await leastProfitableTenants(day, 2);
    const ofMonth = await leastProfitableTenants('2031-06', 10);

    // Assess
    expect(ofDay.map((cost) => cost.tenantId)).toEqual([heavyFree.tenantId, lightPro.tenantId]);
    expect(ofDay[0]?.margin).toBeLessThan(0);
    expect(ofMonth.map((cost) => cost.tenantId)).toEqual([
      heavyFree.tenantId,
      lightPro.tenantId,
      idleEnterprise.tenantId,
    ]);
  });

  it('refuses a period that is neither a day nor a month', async () => {
    // Act
    const outcome = leastProfitableTenants('2031-13', 5);

    // Assess
    await expect(outcome).rejects.toThrow(ValidationError);
  });
});
