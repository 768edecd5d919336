/**
 * Reads a tenant's subscription from Stripe (all of the customer's, the deciding one chosen by
 * status, never `limit: 1`) and applies it through the one transition. The webhook worker, the
 * daily reconciliation and the scenarios all sync this way, so an event's payload is never trusted.
 */
import type Stripe from 'stripe';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PriceTable } from '#shared/config/billing-config.ts';
import type { AppliedState, BillingStore, SubscriptionSnapshot, SyncCause } from './model.ts';
import type { Pacer } from './pacing.ts';
import { callStripe } from './stripe-errors.ts';
import { currentSubscription, snapshotOf } from './subscription-state.ts';
import { applySubscriptionState } from './transition.ts';

export interface SyncDependencies {
  readonly store: BillingStore;
  readonly stripe: Stripe;
  readonly prices: PriceTable;
  /**
   * Flushes the authorizer cache (shared/auth/authorizer-cache.ts) after a change of plan or
   * access, so it holds from the tenant's next request, not after the cache's 60 s.
   */
  readonly flushAuthorizers?: () => Promise<void>;
  /** Paces calls to Stripe beyond the first (scheduled work; shared/billing/pacing.ts). */
  readonly pace?: Pacer;
  readonly now?: () => Date;
}

export async function readSubscription(
  stripe: Stripe,
  customerId: string,
  prices: PriceTable,
  /** Before a second call (scheduled work paces every call it makes). */
  pace: Pacer = async () => undefined,
): Promise<SubscriptionSnapshot | undefined> {
  const subscriptions: Stripe.Subscription[] = [];
  // Every subscription of the customer, canceled ones included: the deciding one is chosen below.
  for await (const subscription of stripe.subscriptions.list({
    customer: customerId,
    status: 'all',
    limit: 100,
    expand: ['data.latest_invoice'],
  })) {
    subscriptions.push(subscription);
  }
  const current = currentSubscription(subscriptions);
  if (current === undefined) return undefined;
  const snapshot = snapshotOf(current, prices);
  const invoice = current.latest_invoice;
  if (snapshot.lastPayment !== 'failed' || invoice === null || typeof invoice === 'string') {
    return snapshot;
  }
  await pace();
  return (await awaitsCustomerAction(stripe, invoice.id))
    ? { ...snapshot, lastPayment: 'action_required' }
    : snapshot;
}

/**
 * Whether the open invoice's payment waits for the customer to authenticate it: its payment intent
 * says `requires_action`. Asked only of an invoice whose charge did not go through.
 */
async function awaitsCustomerAction(
  stripe: Stripe,
  invoiceId: string | undefined,
): Promise<boolean> {
  if (invoiceId === undefined) return false;
  const payments = await stripe.invoicePayments.list({
    invoice: invoiceId,
    status: 'open',
    expand: ['data.payment.payment_intent'],
  });
  return payments.data.some((payment) => {
    const intent = payment.payment.payment_intent;
    return typeof intent === 'object' && intent?.status === 'requires_action';
  });
}

export interface SyncOutcome extends AppliedState {
  /** The customer synced; undefined when the tenant has none (nothing to sync). */
  readonly customerId?: string;
  readonly snapshot?: SubscriptionSnapshot;
}

export async function syncTenant(
  scope: TenantScope,
  cause: SyncCause,
  { store, stripe, prices, flushAuthorizers, pace, now = () => new Date() }: SyncDependencies,
): Promise<SyncOutcome> {
  const tenant = await store.getTenantBilling(scope);
  const customerId = tenant?.billing?.customerId;
  if (!tenant || customerId === undefined) {
    const plan = tenant?.plan ?? 'free';
    return { from: plan, to: plan, applied: false };
  }
  const readAt = now();
  const snapshot = await callStripe(() => readSubscription(stripe, customerId, prices, pace));
  const applied = await applySubscriptionState(scope, snapshot, cause, readAt, store);
  if (applied.accessChanged) await flushAuthorizers?.();
  return { ...applied, customerId, ...(snapshot && { snapshot }) };
}
