/**
 * The Stripe client factory: the official SDK on the API version it pins, with the secret key and
 * webhook secret read once per cold start (Secrets Manager on AWS, values locally) and, locally,
 * pointed at the fake through host/port/protocol. Calls are bounded: 3 s each and one retry, so a
 * Stripe outage becomes a 503 within the function's timeout.
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import Stripe from 'stripe';
import * as z from 'zod/mini';
import { billingConfig } from '#shared/config/billing-config.ts';
import { ServiceUnavailableError } from '#shared/errors.ts';

export interface StripeAccess {
  readonly client: Stripe;
  readonly webhookSecret: string;
}

const storedSecretSchema = z.object({
  secretKey: z.string().check(z.regex(/^(sk|rk)_(test|live)_/)),
  webhookSecret: z.string().check(z.regex(/^whsec_/)),
});

async function readSecrets(): Promise<{ secretKey: string; webhookSecret: string }> {
  const source = billingConfig().secrets;
  if (source.kind === 'value') return source;
  const stored = await getSecret<string>(source.secretId, { maxAge: 3600 });
  const parsed = storedSecretSchema.safeParse(typeof stored === 'string' ? JSON.parse(stored) : {});
  if (!parsed.success) {
    // The stack creates the secret empty: billing is off until the operator stores the keys.
    throw new ServiceUnavailableError('Billing is not configured yet');
  }
  return parsed.data;
}

let access: Promise<StripeAccess> | undefined;

/** The client and webhook secret; a failed read is retried on the next call, not cached. */
export function stripeAccess(): Promise<StripeAccess> {
  access ??= (async () => {
    const { secretKey, webhookSecret } = await readSecrets();
    const endpoint = billingConfig().endpoint;
    const client = new Stripe(secretKey, {
      maxNetworkRetries: 1,
      timeout: 3_000,
      telemetry: false,
      appInfo: { name: 'TenantKit' },
      ...(endpoint && { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol }),
    });
    return { client, webhookSecret };
  })();
  access.catch(() => {
    access = undefined;
  });
  return access;
}

export async function stripeClient(): Promise<Stripe> {
  return (await stripeAccess()).client;
}
