/**
 * Opt-in contract test against Stripe's real test mode: the calls billing makes, answered as the
 * fake answers them (customer, Checkout Session url, a subscription whose period end lives on its
 * items, cancellation). Runs only with STRIPE_TEST_KEY (sk_test_…) and STRIPE_TEST_PRICE (a
 * recurring monthly price of that account) set, with `npm run test:stripe`; never in `npm test`.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { readSubscription } from '#shared/billing/sync.ts';

const key = process.env.STRIPE_TEST_KEY;
const price = process.env.STRIPE_TEST_PRICE;
const enabled = key?.startsWith('sk_test_') === true && price !== undefined;
if (!enabled) {
  console.info(
    'Stripe contract test not run: set STRIPE_TEST_KEY=sk_test_… and STRIPE_TEST_PRICE=price_… to run it against Stripe test mode',
  );
}

describe.runIf(enabled)('Stripe test mode', () => {
  const stripe = new Stripe(key ?? '', { maxNetworkRetries: 2 });
  const prices = { pro: { month: price ?? '' } };

  it('creates a customer and a subscription Checkout Session with a url', async () => {
    const customer = await stripe.customers.create({ metadata: { tenantId: 'contract-test' } });
    const session = await stripe.checkout.sessions.create({
      mode: 'subscription',
      customer: customer.id,
      client_reference_id: 'contract-test',
      line_items: [{ price: price ?? '', quantity: 1 }],
      success_url: 'https://example.com/billing?checkout=success',
      cancel_url: 'https://example.com/billing?checkout=canceled',
    });
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    await stripe.customers.del(customer.id);
  });

  it('reads a paid subscription (period end from its items) and its cancellation as billing does', async () => {
    // Prepare: a customer paying with Stripe's test card
    const customer = await stripe.customers.create({
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price ?? '' }],
    });

    // Act
    const active = await readSubscription(stripe, customer.id, prices);
    await stripe.subscriptions.cancel(subscription.id);
    const canceled = await readSubscription(stripe, customer.id, prices);

    // Assess
    expect(active).toMatchObject({
      status: 'active',
      plan: 'pro',
      interval: 'month',
      lastPayment: 'paid',
    });
    expect(Date.parse(active?.currentPeriodEnd ?? '')).toBeGreaterThan(Date.now());
    expect(canceled?.status).toBe('canceled');
    await stripe.customers.del(customer.id);
  });

  it('verifies a signed event with the webhook secret and refuses a tampered one', async () => {
    const payload = JSON.stringify({
      id: 'evt_contract',
      object: 'event',
      type: 'invoice.paid',
      data: { object: {} },
    });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_contract' });
    await expect(
      stripe.webhooks.constructEventAsync(payload, header, 'whsec_contract', 300),
    ).resolves.toMatchObject({ id: 'evt_contract' });
    await expect(
      stripe.webhooks.constructEventAsync(`${payload} `, header, 'whsec_contract', 300),
    ).rejects.toThrow();
  });
});
