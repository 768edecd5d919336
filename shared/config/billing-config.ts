/**
 * Billing's configuration, read once per cold start: where Stripe is (locally the fake), where its
 * keys come from (a value locally, a Secrets Manager secret on AWS), the price of each plan and
 * interval, where Checkout and the portal send the customer back, and the past-due grace period.
 */
import * as z from 'zod/mini';
import { ConfigurationError, once, optionalEnv, requireEnv } from './env.ts';

export const billingIntervals = ['month', 'year'] as const;
export type BillingInterval = (typeof billingIntervals)[number];

/** The plans a tenant can buy (free is what it has without a subscription). */
export const paidPlanNames = ['pro', 'enterprise'] as const;
export type PaidPlanName = (typeof paidPlanNames)[number];

const priceTableSchema = z.partialRecord(
  z.enum(paidPlanNames),
  z.partialRecord(z.enum(billingIntervals), z.string().check(z.regex(/^price_[A-Za-z0-9_]+$/))),
);
/** Stripe price ids per plan and interval, e.g. `{"pro":{"month":"price_…","year":"price_…"}}`. */
export type PriceTable = z.infer<typeof priceTableSchema>;

export interface StripeEndpoint {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/** The Stripe secret key and webhook signing secret: values locally, one JSON secret on AWS. */
export type StripeSecretSource =
  | { readonly kind: 'value'; readonly secretKey: string; readonly webhookSecret: string }
  | { readonly kind: 'secretsManager'; readonly secretId: string };

export interface BillingConfig {
  readonly prices: PriceTable;
  /** Set only locally, where the Stripe fake plays api.stripe.com. */
  readonly endpoint?: StripeEndpoint;
  readonly secrets: StripeSecretSource;
  /** Where Checkout and the portal send the customer back (the SaaS front end's billing page). */
  readonly returnUrl: string;
}

function endpointOf(value: string): StripeEndpoint {
  const url = new URL(value);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: Number(url.port || (protocol === 'http' ? 80 : 443)),
    protocol,
  };
}

function priceTableOf(json: string): PriceTable {
  try {
    return priceTableSchema.parse(JSON.parse(json));
  } catch (error) {
    throw new ConfigurationError(`STRIPE_PRICES is no price table: ${String(error)}`);
  }
}

export const billingConfig = once((): BillingConfig => {
  const api = optionalEnv('STRIPE_API_URL');
  const secretKey = optionalEnv('STRIPE_SECRET_KEY');
  const secrets: StripeSecretSource =
    secretKey === undefined
      ? { kind: 'secretsManager', secretId: requireEnv('STRIPE_SECRET_ARN') }
      : { kind: 'value', secretKey, webhookSecret: requireEnv('STRIPE_WEBHOOK_SECRET') };
  return {
    prices: priceTableOf(requireEnv('STRIPE_PRICES')),
    ...(api !== undefined && { endpoint: endpointOf(api) }),
    secrets,
    returnUrl: requireEnv('BILLING_RETURN_URL'),
  };
});

/**
 * Days a `past_due` tenant keeps full access before it turns read-only (every API function reads
 * it, so it has its own variable with a default).
 */
export const billingGraceDays = once((): number => {
  const value = optionalEnv('BILLING_GRACE_DAYS');
  if (value === undefined) return 7;
  const days = Number(value);
  if (!Number.isFinite(days) || days < 0) {
    throw new ConfigurationError(`BILLING_GRACE_DAYS must be a number of days ≥ 0, not ${value}`);
  }
  return days;
});
