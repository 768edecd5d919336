/**
 * Billing's configuration, read once per cold start: where Stripe is (locally the fake), where its
 * keys come from (a value locally, a Secrets Manager secret on AWS), the price of each plan and
 * interval, the meters usage is reported to, where Checkout and the portal send the customer back, and the past-due grace period.
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

/**
 * What the hourly job can report to a Stripe Billing Meter: `requests`, the limiter's monthly count
 * (each hour's increase, for a meter that sums), or what the tenant holds that hour (for a meter
 * that keeps the last value).
 */
export const meteredFigures = ['requests', 'seats', 'projects', 'webhooks'] as const;
export type MeteredFigure = (typeof meteredFigures)[number];

const meterTableSchema = z.partialRecord(
  z.enum(meteredFigures),
  // ≤ 50 characters, so tenant + meter + hour fits the 100 of a meter event's identifier.
  z.string().check(z.regex(/^[A-Za-z0-9_.-]{1,50}$/)),
);
/** The meter event name each reported figure goes to, e.g. `{"requests":"api_requests"}`. */
export type MeterTable = z.infer<typeof meterTableSchema>;

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
  /** Figures reported to Stripe meters; an absent figure is not reported. */
  readonly meters: MeterTable;
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

function tableOf<T>(variable: string, json: string, schema: z.ZodMiniType<T>): T {
  try {
    return schema.parse(JSON.parse(json));
  } catch (error) {
    throw new ConfigurationError(`${variable} is not valid: ${String(error)}`);
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
    prices: tableOf('STRIPE_PRICES', requireEnv('STRIPE_PRICES'), priceTableSchema),
    meters: tableOf('STRIPE_METERS', optionalEnv('STRIPE_METERS') ?? '{}', meterTableSchema),
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
