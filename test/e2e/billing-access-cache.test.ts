/**
 * A billing change holds from the tenant's next request even though the gateway caches the
 * authorizer's answer for 60 s, as on AWS: the sync that applies it flushes that cache.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { checkoutAndPay, startTestStripe, waitForBilling } from '../support/stripe.ts';
import { signUpAndLogin } from '../support/tenants.ts';

// Read-only as soon as a payment fails.
process.env.BILLING_GRACE_DAYS = '0';

let gateway: TestGateway;
let jobs: TestJobs;
let stripe: StripeFake;

beforeAll(async () => {
  gateway = await startTestGateway(60);
  stripe = await startTestStripe(gateway.baseUrl);
  jobs = await startTestJobs();
});
afterAll(async () => {
  await jobs.stop();
  await stripe.stop();
  await gateway.close();
});

describe('billing changes and the authorizer cache', () => {
  it('gives a tenant its new plan, and read-only after a failed payment, at its next request', async () => {
    // Prepare: a first request caches the authorizer's answer (plan free) for 60 s
    const owner = await signUpAndLogin(gateway.baseUrl, 'Cached Co');
    const usage = () =>
      request<{ plan: string }>(gateway.baseUrl, 'GET', '/v1/usage', { token: owner.idToken });
    expect((await usage()).body.plan).toBe('free');

    // Act: pay for pro
    await checkoutAndPay(gateway.baseUrl, owner);
    await jobs.workers.drained();
    const afterPaying = await usage();

    // Act: the renewal fails
    const customer = [...stripe.state.customers.values()].find(
      (candidate) => (candidate.metadata as Record<string, string>).tenantId === owner.tenantId,
    );
    stripe.state.failPayment(stripe.state.latestSubscriptionOf(String(customer?.id)));
    await waitForBilling(gateway.baseUrl, owner.idToken, (billing) => billing.readOnly !== null);
    await jobs.workers.drained();
    const write = await request<{ error: { code: string } }>(
      gateway.baseUrl,
      'POST',
      '/v1/projects',
      { token: owner.idToken, body: { name: 'Blocked' } },
    );

    // Assess
    expect(afterPaying.body.plan).toBe('pro');
    expect(write.status).toBe(402);
    expect(write.body.error.code).toBe('subscription_inactive');
  });
});
