/**
 * A Stripe fake of one test file, its webhooks sent to that file's gateway, and the handlers'
 * environment pointed at it (before the first billing call reads its configuration).
 */

import type { StripeFake } from '#dev/stripe/fake-server.ts';
import { startLocalStripe } from '#dev/stripe/local-billing.ts';
import { request } from './gateway.ts';

export async function startTestStripe(
  gatewayUrl: string,
): Promise<StripeFake & { readonly webhookSecret: string }> {
  const stripe = await startLocalStripe({ webhookUrl: `${gatewayUrl}/webhooks/stripe` });
  Object.assign(process.env, stripe.env);
  return Object.assign(stripe.fake, { webhookSecret: stripe.env.STRIPE_WEBHOOK_SECRET as string });
}

export interface BillingBody {
  readonly plan: string;
  readonly subscription: {
    readonly status: string;
    readonly plan: string | null;
    readonly interval: string | null;
    readonly currentPeriodEnd: string | null;
    readonly cancelAtPeriodEnd: boolean;
    readonly trialEnd: string | null;
  } | null;
  readonly lastPayment: string;
  readonly graceEndsAt: string | null;
  readonly readOnly: { readonly reason: string; readonly since: string } | null;
}

/** GET /v1/billing until `done` holds (webhooks go through a queue), or fails with the last state. */
export async function waitForBilling(
  baseUrl: string,
  token: string,
  done: (billing: BillingBody) => boolean,
  timeoutMs = 20_000,
): Promise<BillingBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await request<BillingBody>(baseUrl, 'GET', '/v1/billing', { token });
    if (answer.status === 200 && done(answer.body)) return answer.body;
    if (Date.now() > deadline) {
      throw new Error(`Billing never reached the expected state: ${JSON.stringify(answer.body)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Checkout for `plan`, paid on the fake's page; resolves once the webhook moved the tenant to it. */
export async function checkoutAndPay(
  baseUrl: string,
  owner: { readonly idToken: string },
  plan = 'pro',
): Promise<BillingBody> {
  const checkout = await request<{ url: string }>(baseUrl, 'POST', '/v1/billing/checkout', {
    token: owner.idToken,
    body: { plan },
  });
  if (checkout.status !== 200) throw new Error(`Checkout answered ${checkout.status}`);
  const page = await fetch(checkout.body.url);
  if (page.status !== 200) throw new Error(`The checkout page answered ${page.status}`);
  return waitForBilling(baseUrl, owner.idToken, (billing) => billing.plan === plan);
}
