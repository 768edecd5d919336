/**
 * Takes in one Stripe webhook delivery: the signature over the raw body is verified (300 s
 * tolerance), the event is recorded by id (a redelivery stops here), and a `billing.sync` job is
 * handed to jobs-critical. Nothing of the payload is applied: the job reads Stripe. Event types we
 * do not handle, and customers that are not ours, are acknowledged and ignored (a 4xx would make
 * Stripe retry and finally disable the endpoint).
 */
import type Stripe from 'stripe';
import { type TenantScope, tenantScopeFromCustomerLink } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import type { BillingStore } from './model.ts';

/** Stripe's default signature tolerance: an older signed timestamp is a replay, refused. */
export const signatureToleranceSeconds = 300;
/** Longer than Stripe retries a delivery (3 days) and than events can be resent (30 days). */
export const eventRetentionSeconds = 35 * 24 * 3600;

export const handledEventTypes: ReadonlySet<string> = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'customer.subscription.trial_will_end',
  'invoice.paid',
  'invoice.payment_failed',
  'invoice.payment_action_required',
]);

export type IntakeOutcome = 'accepted' | 'duplicate' | 'ignored';

export interface IntakeDependencies {
  readonly stripe: Stripe;
  readonly webhookSecret: string;
  readonly store: BillingStore;
  readonly handOff: (scope: TenantScope, event: { id: string; type: string }) => Promise<void>;
  readonly now?: () => Date;
}

function customerOf(object: unknown): string | undefined {
  const customer = (object as { customer?: unknown } | null)?.customer;
  if (typeof customer === 'string') return customer;
  const id = (customer as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
}

async function verified(
  rawBody: string | undefined,
  signature: string | undefined,
  { stripe, webhookSecret }: IntakeDependencies,
): Promise<Stripe.Event> {
  if (signature === undefined || rawBody === undefined) {
    throw new ValidationError('A Stripe event needs its body and Stripe-Signature header');
  }
  try {
    return await stripe.webhooks.constructEventAsync(
      rawBody,
      signature,
      webhookSecret,
      signatureToleranceSeconds,
    );
  } catch (error) {
    throw new ValidationError('The Stripe signature does not verify, or the body is no event', {
      reason: error instanceof Error ? error.message.split('\n')[0] : 'unreadable',
    });
  }
}

export async function receiveStripeEvent(
  rawBody: string | undefined,
  signature: string | undefined,
  deps: IntakeDependencies,
): Promise<IntakeOutcome> {
  const event = await verified(rawBody, signature, deps);
  if (!handledEventTypes.has(event.type)) return 'ignored';
  const customerId = customerOf(event.data.object);
  const tenantId =
    customerId === undefined ? undefined : await deps.store.tenantOfCustomer(customerId);
  const scope = tenantId === undefined ? undefined : tenantScopeFromCustomerLink(tenantId);
  if (!scope) {
    logger.warn('Stripe event of no customer of ours ignored', {
      eventId: event.id,
      type: event.type,
    });
    return 'ignored';
  }
  const nowSeconds = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  if (!(await deps.store.recordEvent(event.id, nowSeconds + eventRetentionSeconds))) {
    return 'duplicate';
  }
  try {
    await deps.handOff(scope, { id: event.id, type: event.type });
  } catch (error) {
    // Not handed off: forget the id, so Stripe's retry (after our 503) is not taken for a duplicate.
    await deps.store.forgetEvent(event.id).catch((forgetError: unknown) =>
      logger.error('Could not forget a Stripe event after a failed hand-off', {
        eventId: event.id,
        error: String(forgetError),
      }),
    );
    throw error;
  }
  return 'accepted';
}
