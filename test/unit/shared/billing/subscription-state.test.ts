/** Reading Stripe's subscriptions: which one decides, the period end from the items, the plan paid for. */
import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { currentSubscription, paidPlanOf, snapshotOf } from '#shared/billing/subscription-state.ts';

const prices = { pro: { month: 'price_pro_month' }, enterprise: { year: 'price_ent_year' } };

function subscription(
  id: string,
  status: string,
  created: number,
  price = 'price_pro_month',
): Stripe.Subscription {
  return {
    id,
    status,
    created,
    cancel_at_period_end: false,
    trial_end: null,
    latest_invoice: { status: 'open', attempt_count: 2 },
    items: { data: [{ price: { id: price }, current_period_end: 1_800_000_000 }] },
  } as unknown as Stripe.Subscription;
}

describe('currentSubscription', () => {
  it('prefers a live subscription to a newer canceled one, and the newest among equals', () => {
    const chosen = currentSubscription([
      subscription('sub_canceled', 'canceled', 300),
      subscription('sub_old_active', 'active', 100),
      subscription('sub_new_active', 'active', 200),
      subscription('sub_past_due', 'past_due', 400),
    ]);
    expect(chosen?.id).toBe('sub_new_active');
  });

  it('falls back to the newest ended one, and to none', () => {
    expect(
      currentSubscription([subscription('a', 'canceled', 1), subscription('b', 'canceled', 2)])?.id,
    ).toBe('b');
    expect(currentSubscription([])).toBeUndefined();
  });
});

describe('snapshotOf', () => {
  it('reads the period end from the items (API 2025-03-31 and later) and the plan from the price table', () => {
    expect(snapshotOf(subscription('sub_1', 'past_due', 1, 'price_ent_year'), prices)).toEqual({
      subscriptionId: 'sub_1',
      status: 'past_due',
      plan: 'enterprise',
      interval: 'year',
      currentPeriodEnd: new Date(1_800_000_000_000).toISOString(),
      cancelAtPeriodEnd: false,
      lastPayment: 'failed',
    });
  });

  it('takes a status Stripe adds later as not paying', () => {
    expect(snapshotOf(subscription('sub_1', 'some_future_status', 1), prices).status).toBe(
      'incomplete',
    );
  });
});

describe('paidPlanOf', () => {
  it.each([
    ['active', 'pro'],
    ['trialing', 'pro'],
    ['past_due', 'pro'],
    ['unpaid', 'pro'],
    ['paused', 'free'],
    ['canceled', 'free'],
    ['incomplete', 'free'],
    ['incomplete_expired', 'free'],
  ] as const)('%s → %s', (status, plan) => {
    expect(
      paidPlanOf({
        subscriptionId: 's',
        status,
        plan: 'pro',
        cancelAtPeriodEnd: false,
        lastPayment: 'paid',
      }),
    ).toBe(plan);
  });

  it('gives free for no subscription and for a price this deployment does not sell', () => {
    expect(paidPlanOf(undefined)).toBe('free');
    expect(
      paidPlanOf({
        subscriptionId: 's',
        status: 'active',
        cancelAtPeriodEnd: false,
        lastPayment: 'paid',
      }),
    ).toBe('free');
  });
});
