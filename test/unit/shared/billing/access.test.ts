/** The access rules of a late payer: the grace period, read-only afterwards, and what stays usable. */
import { describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import {
  billingHoldOf,
  decodeBillingHold,
  encodeBillingHold,
  readOnlyReason,
  writableWhileReadOnly,
} from '#shared/billing/access.ts';

const since = '2026-12-01T00:00:00.000Z';
const snapshot = (status: 'past_due' | 'unpaid' | 'active') => ({
  subscriptionId: 'sub_1',
  status,
  plan: 'pro' as const,
  cancelAtPeriodEnd: false,
  lastPayment: 'failed' as const,
});

describe('readOnlyReason', () => {
  it('gives a past-due tenant full access for the whole grace period, then read-only', () => {
    const hold = { status: 'past_due', since } as const;
    expect(readOnlyReason(hold, new Date('2026-12-07T23:59:59.999Z'), 7)).toBeUndefined();
    expect(readOnlyReason(hold, new Date('2026-12-08T00:00:00.000Z'), 7)).toEqual({
      reason: 'payment_overdue',
      since: '2026-12-08T00:00:00.000Z',
    });
  });

  it('makes an unpaid tenant read-only at once, and a tenant in good standing never', () => {
    const now = new Date(since);
    expect(readOnlyReason({ status: 'unpaid' }, now, 7)?.reason).toBe('subscription_unpaid');
    expect(readOnlyReason(undefined, now, 7)).toBeUndefined();
  });
});

describe('billing holds', () => {
  it('holds past-due and unpaid tenants from when they turned past due, nobody else', () => {
    expect(
      billingHoldOf({
        customerId: 'cus_1',
        subscription: snapshot('past_due'),
        pastDueSince: since,
      }),
    ).toEqual({
      status: 'past_due',
      since,
    });
    expect(billingHoldOf({ customerId: 'cus_1', subscription: snapshot('unpaid') })).toEqual({
      status: 'unpaid',
    });
    expect(
      billingHoldOf({ customerId: 'cus_1', subscription: snapshot('active') }),
    ).toBeUndefined();
    expect(billingHoldOf(undefined)).toBeUndefined();
  });

  it('survives the trip through the authorizer context, and refuses anything else', () => {
    const hold = { status: 'past_due', since } as const;
    expect(decodeBillingHold(encodeBillingHold(hold))).toEqual(hold);
    expect(decodeBillingHold(encodeBillingHold({ status: 'unpaid' }))).toEqual({
      status: 'unpaid',
    });
    expect(decodeBillingHold('past_due@yesterday')).toBeUndefined();
    expect(decodeBillingHold('free')).toBeUndefined();
  });
});

describe('writableWhileReadOnly', () => {
  it('keeps reads, billing, sign-out, own account, export and closing usable, and nothing else that writes', () => {
    const usable = Object.entries(routes)
      .filter(
        ([, route]) =>
          route.auth === 'tenant' && route.method !== 'GET' && writableWhileReadOnly(route),
      )
      .map(([id]) => id)
      .sort();
    expect(usable).toContain('startCheckout');
    expect(usable).toContain('openBillingPortal');
    expect(usable).toContain('logout');
    expect(usable).not.toContain('createProject');
    expect(usable).not.toContain('createInvitation');
    expect(usable).not.toContain('updateTenant');
  });
});
