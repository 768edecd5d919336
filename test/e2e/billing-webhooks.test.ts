/**
 * Stripe's webhook over HTTP: only correctly signed, fresh events are taken, each once; events
 * delivered twice or out of order end in the state Stripe holds; an unpaid subscription makes the
 * tenant read-only (grace period 0 here) and paying lifts it; a downgrade keeps every project; the
 * trial warning mails the owner and a trial that ends unpaid means free.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { billingStore } from '#shared/data/stores.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs, waitForMail } from '../support/jobs.ts';
import { startTestStripe, waitForBilling } from '../support/stripe.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

// Read-only as soon as a payment fails: the grace period itself is covered by the unit tests.
process.env.BILLING_GRACE_DAYS = '0';

let gateway: TestGateway;
let jobs: TestJobs;
let stripe: StripeFake & { readonly webhookSecret: string };
const signer = new Stripe('sk_test_signer');

beforeAll(async () => {
  gateway = await startTestGateway();
  stripe = await startTestStripe(gateway.baseUrl);
  jobs = await startTestJobs();
});
afterAll(async () => {
  await jobs.stop();
  await stripe.stop();
  await gateway.close();
});

const api = <T = { error: { code: string; details: Record<string, unknown> } }>(
  as: { idToken: string },
  method: string,
  path: string,
  options: { body?: unknown } = {},
) => request<T>(gateway.baseUrl, method, path, { token: as.idToken, ...options });

/** A paying pro tenant and its Stripe customer and subscription ids. */
async function proTenant(
  name: string,
): Promise<SignedUpTenant & { customer: string; subscription: string }> {
  const owner = await signUpAndLogin(gateway.baseUrl, name);
  const checkout = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
    body: { plan: 'pro' },
  });
  await fetch(checkout.body.url);
  await waitForBilling(gateway.baseUrl, owner.idToken, (billing) => billing.plan === 'pro');
  const customer = await customerOf(owner.tenantId);
  return { ...owner, customer, subscription: stripe.state.latestSubscriptionOf(customer) };
}

async function customerOf(tenantId: string): Promise<string> {
  const scope = tenantScopeFromVerifiedClaims(tenantId);
  if (!scope) throw new Error('no scope');
  const customer = (await billingStore().getTenantBilling(scope))?.billing?.customerId;
  if (!customer) throw new Error('no customer');
  return customer;
}

function event(
  type: string,
  object: Record<string, unknown>,
  id = `evt_${Math.random().toString(36).slice(2)}`,
): string {
  return JSON.stringify({
    id,
    object: 'event',
    type,
    created: Math.floor(Date.now() / 1000),
    data: { object },
  });
}

function post(body: string, signature?: string) {
  return request<{ received: true; outcome: string } & { error?: { code: string } }>(
    gateway.baseUrl,
    'POST',
    '/webhooks/stripe',
    {
      rawBody: body,
      headers: {
        'content-type': 'application/json',
        ...(signature !== undefined && { 'stripe-signature': signature }),
      },
    },
  );
}

const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}): string =>
  signer.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? stripe.webhookSecret,
    ...(options.timestamp !== undefined && { timestamp: options.timestamp }),
  });

describe('signature and dedupe', () => {
  it.each([
    [
      'a tampered body',
      (payload: string) => ({
        body: payload.replace('invoice.paid', 'invoice.payment_failed'),
        signature: sign(payload),
      }),
    ],
    ['no signature', (payload: string) => ({ body: payload, signature: undefined })],
    [
      'another secret',
      (payload: string) => ({ body: payload, signature: sign(payload, { secret: 'whsec_other' }) }),
    ],
    [
      'a stale timestamp',
      (payload: string) => ({
        body: payload,
        signature: sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
      }),
    ],
  ])('answers 400 for %s and writes nothing', async (_case, tamper) => {
    // Prepare
    const tenant = await proTenant('Sig Co');
    const payload = event('invoice.paid', { object: 'invoice', customer: tenant.customer });
    const { body, signature } = tamper(payload);

    // Act
    const answer = await post(body, signature);

    // Assess: refused, and the event id was not taken (the genuine delivery is still accepted)
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('validation_failed');
    const genuine = await post(payload, sign(payload));
    expect(genuine.body.outcome).toBe('accepted');
  });

  it('answers 400 for a signed body that is no JSON, and 400 for an oversized one', async () => {
    const notJson = 'id=evt_1&type=invoice.paid';
    const big = event('invoice.paid', { customer: 'cus_x', padding: 'x'.repeat(40_000) });
    expect((await post(notJson, sign(notJson))).status).toBe(400);
    expect((await post(big, sign(big))).status).toBe(400);
  });

  it('acknowledges event types it does not handle, and customers that are not ours, with 200', async () => {
    const unknown = event('charge.refund.updated', { object: 'refund', customer: 'cus_1' });
    const stranger = event('invoice.paid', { object: 'invoice', customer: 'cus_not_ours' });
    const [first, second] = await Promise.all([
      post(unknown, sign(unknown)),
      post(stranger, sign(stranger)),
    ]);
    expect([first.status, first.body.outcome]).toEqual([200, 'ignored']);
    expect([second.status, second.body.outcome]).toEqual([200, 'ignored']);
  });

  it('takes a redelivered event once', async () => {
    // Prepare
    const tenant = await proTenant('Twice Co');
    const payload = event('customer.subscription.updated', {
      object: 'subscription',
      customer: tenant.customer,
    });

    // Act
    const first = await post(payload, sign(payload));
    const second = await post(payload, sign(payload));

    // Assess
    expect([first.body.outcome, second.body.outcome]).toEqual(['accepted', 'duplicate']);
  });
});

describe('order does not matter', () => {
  it('ends active when a failed payment and two card fixes arrive newest first', async () => {
    // Prepare: past due, then fixed, failed and fixed again while deliveries are held
    const tenant = await proTenant('Order Co');
    stripe.state.failPayment(tenant.subscription);
    await waitForBilling(
      gateway.baseUrl,
      tenant.idToken,
      (state) => state.lastPayment === 'failed',
    );
    stripe.setDeliveryMode('hold');
    stripe.state.fixCard(tenant.subscription);
    stripe.state.failPayment(tenant.subscription);
    stripe.state.fixCard(tenant.subscription);
    stripe.setDeliveryMode('deliver');

    // Act: newest first
    const delivered = await stripe.release([...stripe.held].reverse());

    // Assess
    expect(delivered.map((delivery) => delivery.status)).toEqual(delivered.map(() => 200));
    const billing = await waitForBilling(
      gateway.baseUrl,
      tenant.idToken,
      (state) => state.lastPayment === 'paid',
    );
    expect(billing).toMatchObject({
      plan: 'pro',
      subscription: { status: 'active' },
      readOnly: null,
    });
  });

  it('ends free when "deleted" arrives before "updated", and when "updated" arrives before "created"', async () => {
    // Prepare: a cancellation at period end, then the cancellation, delivered in reverse
    const tenant = await proTenant('Late Co');
    stripe.setDeliveryMode('hold');
    stripe.state.updateSubscription(tenant.subscription, { cancel_at_period_end: 'true' });
    stripe.state.cancel(tenant.subscription);
    stripe.setDeliveryMode('deliver');

    // Act
    await stripe.release([...stripe.held].reverse());

    // Assess
    const billing = await waitForBilling(
      gateway.baseUrl,
      tenant.idToken,
      (state) => state.plan === 'free',
    );
    expect(billing.subscription).toMatchObject({ status: 'canceled' });

    // Prepare: a new subscription whose events come newest first
    stripe.setDeliveryMode('hold');
    const created = stripe.state.createSubscription({
      customer: tenant.customer,
      items: [{ price: 'price_enterprise_month' }],
    });
    stripe.state.updateSubscription(String(created.id), { cancel_at_period_end: 'true' });
    stripe.setDeliveryMode('deliver');

    // Act
    await stripe.release([...stripe.held].reverse());

    // Assess
    const resubscribed = await waitForBilling(
      gateway.baseUrl,
      tenant.idToken,
      (state) => state.plan === 'enterprise',
    );
    expect(resubscribed.subscription).toMatchObject({ status: 'active', cancelAtPeriodEnd: true });
  });
});

describe('access follows the subscription', () => {
  it('makes a past-due tenant read-only after the grace period, keeps billing usable, and lifts it once paid', async () => {
    // Prepare
    const tenant = await proTenant('Late Payer Co');
    stripe.state.failPayment(tenant.subscription);
    await waitForBilling(gateway.baseUrl, tenant.idToken, (state) => state.readOnly !== null);

    // Act
    const write = await api(tenant, 'POST', '/v1/projects', { body: { name: 'Blocked' } });
    const read = await api(tenant, 'GET', '/v1/projects');
    const portal = await api(tenant, 'POST', '/v1/billing/portal');

    // Assess
    expect(write.status).toBe(402);
    expect(write.body.error.code).toBe('subscription_inactive');
    expect(write.body.error.details.reason).toBe('payment_overdue');
    expect(read.status).toBe(200);
    expect(portal.status).toBe(200);
    const billing = await api<{ lastPayment: string; subscription: { status: string } }>(
      tenant,
      'GET',
      '/v1/billing',
    );
    expect(billing.body).toMatchObject({
      lastPayment: 'failed',
      subscription: { status: 'past_due' },
    });

    // Act: the card is fixed
    stripe.state.fixCard(tenant.subscription);
    await waitForBilling(gateway.baseUrl, tenant.idToken, (state) => state.readOnly === null);

    // Assess
    expect(
      (await api(tenant, 'POST', '/v1/projects', { body: { name: 'Paid again' } })).status,
    ).toBe(201);
  });

  it('tells a payment that waits for the customer to authenticate apart from a declined one', async () => {
    // Prepare
    const tenant = await proTenant('Secure Card Co');

    // Act: the bank asks for 3-D Secure on the renewal
    stripe.state.failPayment(tenant.subscription, true);
    const billing = await waitForBilling(
      gateway.baseUrl,
      tenant.idToken,
      (state) => state.subscription?.status === 'past_due',
    );

    // Assess
    expect(billing.lastPayment).toBe('action_required');
    expect(billing.readOnly).toMatchObject({ reason: 'payment_overdue' });
  });

  it('keeps every project after a downgrade, and refuses new ones over the lower plan', async () => {
    // Prepare: four projects on pro (free allows three)
    const tenant = await proTenant('Shrink Co');
    for (const name of ['One', 'Two', 'Three', 'Four']) {
      expect((await api(tenant, 'POST', '/v1/projects', { body: { name } })).status).toBe(201);
    }

    // Act
    stripe.state.cancel(tenant.subscription);
    await waitForBilling(gateway.baseUrl, tenant.idToken, (state) => state.plan === 'free');

    // Assess
    const list = await api<{ items: unknown[] }>(tenant, 'GET', '/v1/projects');
    expect(list.body.items).toHaveLength(4);
    const create = await api(tenant, 'POST', '/v1/projects', { body: { name: 'Five' } });
    expect(create.status).toBe(402);
    expect(create.body.error.code).toBe('plan_limit_reached');
  });

  it('mails the owner before a trial ends, and moves the tenant to free when it ends unpaid', async () => {
    // Prepare: a customer, then a trial subscription started at Stripe
    const owner = await signUpAndLogin(gateway.baseUrl, 'Trial Co');
    await api(owner, 'POST', '/v1/billing/checkout', { body: { plan: 'pro' } });
    const customer = await customerOf(owner.tenantId);
    const trial = stripe.state.createSubscription({
      customer,
      items: [{ price: 'price_pro_month' }],
      trial_period_days: '14',
    });
    const trialing = await waitForBilling(
      gateway.baseUrl,
      owner.idToken,
      (state) => state.plan === 'pro',
    );
    expect(trialing.subscription).toMatchObject({ status: 'trialing' });

    // Act
    stripe.state.warnTrialEnd(String(trial.id));
    // The sign-up's verification mail is the first.
    const mails = await waitForMail(owner.email, 2);
    stripe.state.endTrial(String(trial.id), false);

    // Assess
    expect(mails.map((mail) => mail.subject)).toContain('Your trial ends soon');
    const ended = await waitForBilling(
      gateway.baseUrl,
      owner.idToken,
      (state) => state.plan === 'free',
    );
    expect(ended.subscription).toMatchObject({ status: 'canceled' });
  });
});
