/**
 * The hourly meter job against DynamoDB Local and the Stripe fake: requests counted by the real
 * limiter reach Stripe as each hour's increase, once per tenant + meter + hour even when a run dies
 * after Stripe took its event, a month the schedule left open is closed before the next, and only
 * tenants with a Stripe customer are in the index the schedule walks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { localStripeMeters, startLocalStripe } from '#dev/stripe/local-billing.ts';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { hourOf, hourStart, lastHourOfMonth } from '#shared/billing/meter-hours.ts';
import type { MeterReportStore } from '#shared/billing/meter-report.ts';
import { type MeteringDependencies, reportTenantUsage } from '#shared/billing/metering.ts';
import { stripeClient } from '#shared/billing/stripe-client.ts';
import { billingConfig } from '#shared/config/billing-config.ts';
import {
  billedTenantIndex,
  billingStore,
  limitStore,
  meterReportStore,
  tenantStore,
  usageReader,
} from '#shared/data/stores.ts';
import { admitTenantRequest } from '#shared/limits/tenant-limiter.ts';
import { seedTenant } from '../../support/seed.ts';

let stripe: StripeFake;

beforeAll(async () => {
  const local = await startLocalStripe();
  Object.assign(process.env, local.env);
  stripe = local.fake;
});
afterAll(async () => {
  await stripe.stop();
});

const hourMs = 3_600_000;
const requestsMeter = localStripeMeters.requests;

/** A seeded tenant with a Stripe customer, and its context as the authorizer would give it. */
async function billedTenant(): Promise<TenantContext & { customer: string }> {
  const tenant = await seedTenant('Metered Co');
  const customer = String(
    stripe.state.createCustomer({ metadata: { tenantId: tenant.tenantId } }).id,
  );
  await billingStore().linkCustomer(tenant, customer);
  const ctx = tenantContextFromAuthorizer({
    tenantId: tenant.tenantId,
    userId: tenant.ownerId,
    role: 'owner',
    plan: 'free',
  });
  if (!ctx) throw new Error('No context');
  return Object.assign(ctx, { customer });
}

/** `count` requests through the real limiter at `atMs`, a second apart (under the free rate). */
async function admit(ctx: TenantContext, count: number, atMs: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    await admitTenantRequest(ctx, { store: limitStore(), scale: 1, nowMs: atMs + index * 1000 });
  }
}

const deps = (now: Date, reports: MeterReportStore = meterReportStore()): MeteringDependencies => ({
  tenants: tenantStore(),
  reports,
  usage: usageReader(),
  stripe: stripeClient,
  pace: async () => undefined,
  meters: billingConfig().meters,
  limitsScale: 1,
  now: () => now,
});

/** The requests meter's events of one tenant, oldest hour first, as the fake received them. */
function requestEvents(
  tenantId: string,
): { identifier: string; value: number; timestamp: number }[] {
  return stripe.state
    .meterEventsOf(tenantId)
    .filter((event) => event.event_name === requestsMeter)
    .map((event) => ({
      identifier: String(event.identifier),
      value: Number((event.payload as Record<string, string>).value),
      timestamp: Number(event.timestamp),
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
}

/** The 15th of this month at noon if it has passed, else of last month: one month, within 35 days. */
function midMonth(): Date {
  const now = new Date();
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 15, 12);
  return new Date(
    thisMonth <= now.getTime()
      ? thisMonth
      : Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15, 12),
  );
}

describe('reportTenantUsage', () => {
  it("reports each hour's increase of the limiter's count once, identified by tenant + meter + hour", async () => {
    // Prepare: a first run sets the baseline; what came before it is not billed
    const ctx = await billedTenant();
    const noon = midMonth();
    await admit(ctx, 4, noon.getTime() - 3 * hourMs);
    const [h0, h1, h2] = [2, 1, 0].map((back) => hourOf(new Date(noon.getTime() - back * hourMs)));
    await reportTenantUsage(ctx, h0 as string, deps(noon));

    // Act
    await admit(ctx, 3, noon.getTime() - 90 * 60_000);
    const first = await reportTenantUsage(ctx, h1 as string, deps(noon));
    const again = await reportTenantUsage(ctx, h1 as string, deps(noon));
    await admit(ctx, 2, noon.getTime() - 30 * 60_000);
    await reportTenantUsage(ctx, h2 as string, deps(noon));

    // Assess
    expect(requestEvents(ctx.tenantId)).toEqual([
      {
        identifier: `${ctx.tenantId}:${requestsMeter}:${h1}`,
        value: 3,
        timestamp: hourStart(h1 as string).getTime() / 1000,
      },
      {
        identifier: `${ctx.tenantId}:${requestsMeter}:${h2}`,
        value: 2,
        timestamp: hourStart(h2 as string).getTime() / 1000,
      },
    ]);
    // The seats meter gets the hour's holding: the owner's one seat, every hour reported
    expect(first).toEqual({ kind: 'reported', events: 2 });
    expect(again).toEqual({ kind: 'reported', events: 1 });
    const seats = stripe.state
      .meterEventsOf(ctx.tenantId)
      .filter((event) => event.event_name === localStripeMeters.seats);
    expect(seats.map((event) => (event.payload as Record<string, string>).value)).toEqual([
      '1',
      '1',
      '1',
    ]);
  });

  it('resends the very same event after a run that died once Stripe had it: Stripe keeps one', async () => {
    // Prepare: the save after Stripe took the event fails once, as a crash there would
    const ctx = await billedTenant();
    const noon = midMonth();
    const [h0, h1, h2] = [2, 1, 0].map((back) => hourOf(new Date(noon.getTime() - back * hourMs)));
    await reportTenantUsage(ctx, h0 as string, deps(noon));
    await admit(ctx, 3, noon.getTime() - 90 * 60_000);
    let failures = 1;
    const crashing: MeterReportStore = {
      get: (scope, name) => meterReportStore().get(scope, name),
      save: async (scope, name, next, expected) => {
        if (next.pending === undefined && expected !== undefined && failures-- > 0) {
          throw new Error('Lambda timed out');
        }
        return meterReportStore().save(scope, name, next, expected);
      },
    };
    const died = await reportTenantUsage(ctx, h1 as string, deps(noon, crashing)).catch(
      (error: unknown) => error,
    );

    // Act: more requests come in before the retry, which must not recount the hour
    await admit(ctx, 4, noon.getTime() - 80 * 60_000);
    await reportTenantUsage(ctx, h1 as string, deps(noon));
    await reportTenantUsage(ctx, h2 as string, deps(noon));

    // Assess
    expect(died).toBeInstanceOf(Error);
    expect(requestEvents(ctx.tenantId).map(({ identifier, value }) => [identifier, value])).toEqual(
      [
        [`${ctx.tenantId}:${requestsMeter}:${h1}`, 3],
        [`${ctx.tenantId}:${requestsMeter}:${h2}`, 4],
      ],
    );
  });

  it('closes a month the schedule left open at its last hour before reporting the next', async () => {
    // Prepare: a baseline ten hours before last month ends, then requests in both months
    const ctx = await billedTenant();
    // A minute into this month at the earliest, so the requests below all fall in it
    const monthStart = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), 1);
    const now = new Date(Math.max(Date.now(), monthStart + 60_000));
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
      .toISOString()
      .slice(0, 7);
    const closing = lastHourOfMonth(lastMonth);
    const baselineAt = new Date(hourStart(closing).getTime() - 10 * hourMs);
    await reportTenantUsage(ctx, hourOf(baselineAt), deps(baselineAt));
    await admit(ctx, 2, baselineAt.getTime() + hourMs);
    await admit(ctx, 5, now.getTime() - 10_000);

    // Act: the next run comes this month
    await reportTenantUsage(ctx, hourOf(now), deps(now));

    // Assess
    expect(requestEvents(ctx.tenantId).map(({ identifier, value }) => [identifier, value])).toEqual(
      [
        [`${ctx.tenantId}:${requestsMeter}:${closing}`, 2],
        [`${ctx.tenantId}:${requestsMeter}:${hourOf(now)}`, 5],
      ],
    );
  });

  it('reports nothing for a tenant without a Stripe customer', async () => {
    // Prepare
    const tenant = await seedTenant('Free Co');

    // Act
    const outcome = await reportTenantUsage(tenant, hourOf(new Date()), deps(new Date()));

    // Assess
    expect(outcome).toEqual({ kind: 'no_customer' });
    expect(stripe.state.meterEventsOf(tenant.tenantId)).toEqual([]);
  });
});

describe('billedTenantIndex', () => {
  it('lists a tenant from its customer link until offboarding removes the link', async () => {
    // Prepare
    const billed = await billedTenant();
    const unbilled = await seedTenant('Never Paid Co');
    const listed = async (): Promise<string[]> => {
      const index = billedTenantIndex();
      const ids: string[] = [];
      for (let shard = 0; shard < index.shards; shard++) {
        for await (const page of index.tenantIds(shard)) ids.push(...page);
      }
      return ids;
    };
    const before = await listed();

    // Act
    await billingStore().unlinkCustomer(billed, billed.customer);

    // Assess
    expect(before).toContain(billed.tenantId);
    expect(before).not.toContain(unbilled.tenantId);
    expect(await listed()).not.toContain(billed.tenantId);
  });
});
