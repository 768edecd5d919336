/**
 * Billing against DynamoDB Local and the Stripe fake: the one transition (an older read never
 * overwrites a newer one; a plan change and its audit event in one transaction), the daily
 * reconciliation repairing a webhook lost on purpose through the real bulk worker, offboarding
 * cancelling the subscription, and the customer link refusing a second customer.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { startLocalStripe } from '#dev/stripe/local-billing.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { SubscriptionSnapshot } from '#shared/billing/model.ts';
import { endBilling } from '#shared/billing/offboarding.ts';
import { reconcileTenant } from '#shared/billing/reconcile.ts';
import { stripeClient } from '#shared/billing/stripe-client.ts';
import { syncTenant } from '#shared/billing/sync.ts';
import { applySubscriptionState } from '#shared/billing/transition.ts';
import { billingConfig } from '#shared/config/billing-config.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import { billingStore } from '#shared/data/stores.ts';
import { ConflictError } from '#shared/errors.ts';
import { sendEnvelopes } from '#shared/jobs/enqueue.ts';
import { dailyJobId, previousUtcDay } from '#shared/upkeep/dispatch.ts';
import { startTestJobs, type TestJobs } from '../../support/jobs.ts';
import { seedTenant } from '../../support/seed.ts';

let stripe: StripeFake;
let jobs: TestJobs;

beforeAll(async () => {
  // No webhook URL: every event this fake emits is lost, as a missed webhook would be.
  const local = await startLocalStripe();
  Object.assign(process.env, local.env);
  stripe = local.fake;
  jobs = await startTestJobs();
});
afterAll(async () => {
  await jobs.stop();
  await stripe.stop();
});

const deps = async () => ({
  store: billingStore(),
  stripe: await stripeClient(),
  prices: billingConfig().prices,
});

/** A seeded tenant with a Stripe customer and an active pro subscription, synced. */
async function payingTenant(): Promise<TenantScope & { customer: string; subscription: string }> {
  const tenant = await seedTenant('Billing Co');
  const customer = String(
    stripe.state.createCustomer({ metadata: { tenantId: tenant.tenantId } }).id,
  );
  await billingStore().linkCustomer(tenant, customer);
  const subscription = String(
    stripe.state.createSubscription({ customer, items: [{ price: 'price_pro_month' }] }).id,
  );
  await syncTenant(
    tenant,
    { kind: 'event', eventId: 'evt_setup', eventType: 'customer.subscription.created' },
    await deps(),
  );
  return Object.assign(tenant, { customer, subscription });
}

async function planChanges(scope: TenantScope): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documentClient().send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: {
        ':pk': `${tenantKeys.auditPartition(scope)}#billing.plan_changed`,
      },
    }),
  );
  return Items;
}

const snapshot = (status: SubscriptionSnapshot['status']): SubscriptionSnapshot => ({
  subscriptionId: 'sub_1',
  status,
  plan: 'pro',
  interval: 'month',
  cancelAtPeriodEnd: false,
  lastPayment: 'paid',
});

describe('applySubscriptionState', () => {
  it('never lets an older read overwrite a newer one, whatever order they are applied in', async () => {
    // Prepare
    const tenant = await seedTenant();
    await billingStore().linkCustomer(tenant, 'cus_order');
    const earlier = new Date('2026-12-01T10:00:00Z');
    const later = new Date('2026-12-01T10:00:05Z');

    // Act: the newer read (canceled) lands first, the older one (active) after it
    const newer = await applySubscriptionState(
      tenant,
      snapshot('canceled'),
      { kind: 'reconciliation' },
      later,
      billingStore(),
    );
    const older = await applySubscriptionState(
      tenant,
      snapshot('active'),
      { kind: 'reconciliation' },
      earlier,
      billingStore(),
    );

    // Assess
    expect(newer).toEqual({ from: 'free', to: 'free', applied: true, accessChanged: false });
    expect(older.applied).toBe(false);
    const stored = await billingStore().getTenantBilling(tenant);
    expect(stored).toMatchObject({
      plan: 'free',
      billing: { subscription: { status: 'canceled' } },
    });
  });

  it('writes each plan change with its audit event, and none when the plan stays', async () => {
    // Prepare
    const tenant = await seedTenant();
    await billingStore().linkCustomer(tenant, 'cus_audit');
    const cause = { kind: 'event', eventId: 'evt_123', eventType: 'invoice.paid' } as const;

    // Act
    await applySubscriptionState(
      tenant,
      snapshot('active'),
      cause,
      new Date(Date.now() - 2000),
      billingStore(),
    );
    await applySubscriptionState(
      tenant,
      snapshot('past_due'),
      cause,
      new Date(Date.now() - 1000),
      billingStore(),
    );
    await applySubscriptionState(tenant, snapshot('canceled'), cause, new Date(), billingStore());

    // Assess
    const changes = await planChanges(tenant);
    expect(changes.map((event) => event.details)).toEqual([
      expect.objectContaining({ from: 'free', to: 'pro', stripeEventId: 'evt_123' }),
      expect.objectContaining({ from: 'pro', to: 'free', stripeEventId: 'evt_123' }),
    ]);
  });
});

describe('the daily reconciliation', () => {
  it('repairs a plan whose webhook was lost, through the real bulk worker, and then finds it in sync', async () => {
    // Prepare: Stripe cancels; the webhook never arrives (this fake delivers nowhere)
    const tenant = await payingTenant();
    expect((await billingStore().getTenantBilling(tenant))?.plan).toBe('pro');
    stripe.state.cancel(tenant.subscription);
    expect((await billingStore().getTenantBilling(tenant))?.plan).toBe('pro');
    const date = previousUtcDay(new Date());

    // Act
    await sendEnvelopes([
      {
        kind: 'tenant.daily',
        id: dailyJobId(date, tenant.tenantId),
        tenantId: tenant.tenantId,
        payload: { date },
        enqueuedAt: new Date().toISOString(),
      },
    ]);
    await jobs.workers.drained();

    // Assess
    const repaired = await billingStore().getTenantBilling(tenant);
    expect(repaired).toMatchObject({
      plan: 'free',
      billing: { subscription: { status: 'canceled' } },
    });
    const changes = await planChanges(tenant);
    expect(changes.at(-1)?.details).toMatchObject({
      from: 'pro',
      to: 'free',
      cause: 'reconciliation',
    });
    const again = await reconcileTenant(tenant, {
      store: billingStore(),
      stripe: stripeClient,
      prices: billingConfig().prices,
      pace: async () => undefined,
    });
    expect(again).toBe('in_sync');
  });

  it('reports a drift it repaired', async () => {
    // Prepare
    const tenant = await payingTenant();
    stripe.state.failPayment(tenant.subscription);

    // Act
    const outcome = await reconcileTenant(tenant, {
      store: billingStore(),
      stripe: stripeClient,
      prices: billingConfig().prices,
      pace: async () => undefined,
    });

    // Assess
    expect(outcome).toBe('repaired');
    expect(await billingStore().getTenantBilling(tenant)).toMatchObject({
      plan: 'pro',
      billing: { subscription: { status: 'past_due', lastPayment: 'failed' } },
    });
  });
});

describe('offboarding', () => {
  it('cancels the live subscription at once and removes the customer link, and a rerun does nothing', async () => {
    // Prepare
    const tenant = await payingTenant();

    // Act
    const first = await endBilling(tenant, { store: billingStore(), stripe: stripeClient });
    const second = await endBilling(tenant, { store: billingStore(), stripe: stripeClient });

    // Assess
    expect([first.canceled, second.canceled]).toEqual([1, 0]);
    expect(stripe.state.subscription(tenant.subscription).status).toBe('canceled');
    expect(await billingStore().tenantOfCustomer(tenant.customer)).toBeUndefined();
    expect((await billingStore().getTenantBilling(tenant))?.billing).toBeUndefined();
  });
});

describe('the customer link', () => {
  it('takes the same customer again (a retry) and refuses a second one', async () => {
    const tenant = await seedTenant();
    await billingStore().linkCustomer(tenant, 'cus_first');
    await billingStore().linkCustomer(tenant, 'cus_first');
    await expect(billingStore().linkCustomer(tenant, 'cus_second')).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await billingStore().tenantOfCustomer('cus_first')).toBe(tenant.tenantId);
  });
});
