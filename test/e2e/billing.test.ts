/**
 * Billing over HTTP against the local gateway and the Stripe fake: checkout and payment on the
 * fake's page move the tenant to the paid plan through the real webhook, queue and worker; the
 * portal; roles; bad input; Stripe outages; idempotency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { billingStore } from '#shared/data/stores.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { addMember } from '../support/members.ts';
import { type BillingBody, checkoutAndPay, startTestStripe } from '../support/stripe.ts';
import { signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
let jobs: TestJobs;
let stripe: StripeFake;

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

const api = <T = { error: { code: string; details: unknown } }>(
  as: { idToken: string },
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: as.idToken, ...options });

function customersOf(tenantId: string): number {
  return [...stripe.state.customers.values()].filter(
    (customer) => (customer.metadata as Record<string, string>).tenantId === tenantId,
  ).length;
}

describe('checkout', () => {
  it('moves the tenant to pro once it pays on the checkout page, with an audit event naming the Stripe event', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Pay Co');

    // Act
    const billing = await checkoutAndPay(gateway.baseUrl, owner);

    // Assess
    expect(billing).toMatchObject({
      plan: 'pro',
      subscription: { status: 'active', plan: 'pro', interval: 'month', cancelAtPeriodEnd: false },
      lastPayment: 'paid',
      readOnly: null,
    });
    expect(Date.parse(billing.subscription?.currentPeriodEnd ?? '')).toBeGreaterThan(Date.now());
    const tenant = await api<{ plan: string }>(owner, 'GET', '/v1/tenant');
    expect(tenant.body.plan).toBe('pro');
    const audit = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      owner,
      'GET',
      '/v1/audit?action=billing.plan_changed',
    );
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]?.details).toMatchObject({ from: 'free', to: 'pro' });
    expect(audit.body.items[0]?.details.stripeEventId).toMatch(/^evt_/);
  });

  it('creates one Stripe customer on the first checkout and reuses it after', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Once Co');
    expect(customersOf(owner.tenantId)).toBe(0);

    // Act
    const first = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
    });
    const second = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'enterprise', interval: 'year' },
    });

    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(first.body.url).not.toBe(second.body.url);
    expect(customersOf(owner.tenantId)).toBe(1);
  });

  it('answers the same session for the same Idempotency-Key and 422 when the key comes with another body', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Idem Co');
    const headers = { 'idempotency-key': 'checkout-1' };

    // Act
    const first = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
      headers,
    });
    const again = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
      headers,
    });
    const other = await api(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'enterprise' },
      headers,
    });

    // Assess
    expect(first.status).toBe(200);
    expect(again.body.url).toBe(first.body.url);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_mismatch');
  });

  it('answers 409 for a checkout while the tenant has a subscription, and the portal instead', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Again Co');
    await checkoutAndPay(gateway.baseUrl, owner);

    // Act
    const same = await api(owner, 'POST', '/v1/billing/checkout', { body: { plan: 'pro' } });
    const other = await api(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'enterprise' },
    });
    const portal = await api<{ url: string }>(owner, 'POST', '/v1/billing/portal');

    // Assess
    expect(same.status).toBe(409);
    expect(same.body.error.details).toMatchObject({ reason: 'current_plan' });
    expect(other.status).toBe(409);
    expect(other.body.error.details).toMatchObject({ reason: 'subscription_exists' });
    expect(portal.status).toBe(200);
    expect(portal.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/portal\/bps_/);
  });

  it('answers 503 with Retry-After while Stripe is down, and leaves no customer link', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Outage Co');
    stripe.setOutage(true);

    // Act
    const answer = await api(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
    }).finally(() => stripe.setOutage(false));

    // Assess
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe('service_unavailable');
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    const scope = tenantScopeFromVerifiedClaims(owner.tenantId);
    if (!scope) throw new Error('no scope');
    expect((await billingStore().getTenantBilling(scope))?.billing).toBeUndefined();
    const later = await api<{ url: string }>(owner, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
    });
    expect(later.status).toBe(200);
    expect(customersOf(owner.tenantId)).toBe(1);
  });
});

describe('bad input and roles', () => {
  it.each([
    ['an unknown plan', { plan: 'platinum' }],
    ['the free plan', { plan: 'free' }],
    ['an unknown interval', { plan: 'pro', interval: 'week' }],
    ['an unknown field', { plan: 'pro', priceId: 'price_pro_month' }],
    ['no plan', {}],
  ])('answers 400 for %s, and creates no customer', async (_case, body) => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Bad Co');

    // Act
    const answer = await api(owner, 'POST', '/v1/billing/checkout', { body });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('validation_failed');
    expect(customersOf(owner.tenantId)).toBe(0);
  });

  it('answers 409 for the portal before the first checkout', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'New Co');
    const answer = await api(owner, 'POST', '/v1/billing/portal');
    expect(answer.status).toBe(409);
    expect(answer.body.error.details).toMatchObject({ reason: 'no_customer' });
  });

  it('lets only the owner check out and open the portal, the owner and admins read billing', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Roles Co');
    const [admin, member] = await Promise.all([
      addMember(gateway.baseUrl, owner, 'admin'),
      addMember(gateway.baseUrl, owner, 'member'),
    ]);

    // Act
    const adminCheckout = await api(admin, 'POST', '/v1/billing/checkout', {
      body: { plan: 'pro' },
    });
    const adminPortal = await api(admin, 'POST', '/v1/billing/portal');
    const adminRead = await api<BillingBody>(admin, 'GET', '/v1/billing');
    const memberRead = await api(member, 'GET', '/v1/billing');

    // Assess
    expect([adminCheckout.status, adminPortal.status, adminRead.status, memberRead.status]).toEqual(
      [403, 403, 200, 403],
    );
    expect(adminRead.body).toEqual({
      plan: 'free',
      subscription: null,
      lastPayment: 'none',
      graceEndsAt: null,
      readOnly: null,
    });
    expect(customersOf(owner.tenantId)).toBe(0);
  });
});
