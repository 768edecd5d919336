/**
 * Reads what Stripe holds into our terms: the one subscription that counts among a customer's
 * (all of them are listed, never `limit: 1`), its snapshot (period end from its items), and the
 * plan the tenant pays for while it is in that state.
 */
import type Stripe from 'stripe';
import type { PaidPlanName, PriceTable } from '#shared/config/billing-config.ts';
import type { PlanName } from '#shared/tenants/plans.ts';
import {
  type PaymentState,
  type SubscriptionSnapshot,
  type SubscriptionStatus,
  subscriptionStatusSchema,
} from './model.ts';
import { planOfPrice } from './prices.ts';

/** Which subscription speaks for the customer when there are several: live before ended. */
const rankByStatus: Readonly<Record<SubscriptionStatus, number>> = {
  active: 0,
  trialing: 0,
  past_due: 1,
  unpaid: 2,
  paused: 3,
  incomplete: 4,
  canceled: 5,
  incomplete_expired: 5,
};

/** Statuses in which the subscription still exists and may be paid for. */
export const liveStatuses: readonly SubscriptionStatus[] = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'incomplete',
];

function statusOf(subscription: Stripe.Subscription): SubscriptionStatus {
  const parsed = subscriptionStatusSchema.safeParse(subscription.status);
  // A status added to Stripe after this code: treat as not paying, never as paying.
  return parsed.success ? parsed.data : 'incomplete';
}

/** The customer's subscription that decides the plan: best status, then newest. */
export function currentSubscription(
  subscriptions: readonly Stripe.Subscription[],
): Stripe.Subscription | undefined {
  return [...subscriptions].sort(
    (a, b) => rankByStatus[statusOf(a)] - rankByStatus[statusOf(b)] || b.created - a.created,
  )[0];
}

const iso = (epochSeconds: number | null | undefined): string | undefined =>
  typeof epochSeconds === 'number' ? new Date(epochSeconds * 1000).toISOString() : undefined;

function lastPaymentOf(invoice: Stripe.Subscription['latest_invoice']): PaymentState {
  if (invoice === null || typeof invoice === 'string') return 'none';
  if (invoice.status === 'paid') return 'paid';
  if (invoice.status === 'open') return invoice.attempt_count > 0 ? 'failed' : 'pending';
  return 'none';
}

export function snapshotOf(
  subscription: Stripe.Subscription,
  prices: PriceTable,
): SubscriptionSnapshot {
  const item = subscription.items.data[0];
  const priced = item ? planOfPrice(prices, item.price.id) : undefined;
  const periodEnd = subscription.items.data
    .map((entry) => entry.current_period_end)
    .reduce<number | undefined>(
      (max, end) => (max === undefined || end > max ? end : max),
      undefined,
    );
  const currentPeriodEnd = iso(periodEnd);
  const trialEnd = iso(subscription.trial_end);
  return {
    subscriptionId: subscription.id,
    status: statusOf(subscription),
    ...(priced && { plan: priced.plan, interval: priced.interval }),
    ...(currentPeriodEnd && { currentPeriodEnd }),
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    ...(trialEnd && { trialEnd }),
    lastPayment: lastPaymentOf(subscription.latest_invoice),
  };
}

/**
 * The plan the tenant pays for: its subscription's plan while Stripe keeps it (active, trialing,
 * past due or unpaid: access rules decide what a late payer may do), else free — canceled, paused,
 * a trial that ended without payment, a first payment not made yet.
 */
export function paidPlanOf(snapshot: SubscriptionSnapshot | undefined): PlanName {
  if (!snapshot?.plan) return 'free';
  const keeps: readonly SubscriptionStatus[] = ['active', 'trialing', 'past_due', 'unpaid'];
  return keeps.includes(snapshot.status) ? snapshot.plan : 'free';
}

export function isPaidPlan(plan: PlanName): plan is PaidPlanName {
  return plan !== 'free';
}
