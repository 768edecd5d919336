/**
 * The local Stripe account: its keys, its prices, and the environment billing reads, as the CDK
 * stack sets it on AWS (there: a Secrets Manager secret and the price table from context).
 */
import { randomBytes } from 'node:crypto';
import { type StripeFake, startStripeFake } from './fake-server.ts';
import type { FakePrice } from './fake-state.ts';

export const localStripePrices: Readonly<Record<string, FakePrice>> = {
  price_pro_month: { interval: 'month' },
  price_pro_year: { interval: 'year' },
  price_enterprise_month: { interval: 'month' },
  price_enterprise_year: { interval: 'year' },
};

const priceTable = {
  pro: { month: 'price_pro_month', year: 'price_pro_year' },
  enterprise: { month: 'price_enterprise_month', year: 'price_enterprise_year' },
};

/** The meters usage is reported to locally (on AWS: CDK context `stripeMeters`). */
export const localStripeMeters = { requests: 'tenantkit_api_requests', seats: 'tenantkit_seats' };

/** Where `npm start` serves the fake, so `npm run stripe` finds it. */
export const defaultStripeFakePort = 12111;

export interface LocalStripe {
  readonly fake: StripeFake;
  /** STRIPE_* and BILLING_* variables for the handlers. */
  readonly env: Readonly<Record<string, string>>;
}

export async function startLocalStripe(
  options: { port?: number; webhookUrl?: string } = {},
): Promise<LocalStripe> {
  const secretKey = 'sk_test_tenantkit_local';
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const fake = await startStripeFake({
    secretKey,
    webhookSecret,
    prices: localStripePrices,
    ...(options.port !== undefined && { port: options.port }),
    ...(options.webhookUrl !== undefined && { webhookUrl: options.webhookUrl }),
  });
  return {
    fake,
    env: {
      STRIPE_API_URL: fake.url,
      STRIPE_SECRET_KEY: secretKey,
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_PRICES: JSON.stringify(priceTable),
      STRIPE_METERS: JSON.stringify(localStripeMeters),
      BILLING_RETURN_URL: 'http://localhost:5173/billing',
    },
  };
}
