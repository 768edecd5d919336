/**
 * The access rules that follow a tenant's subscription. Active, trialing or no subscription: the
 * plan's limits. Past due: full access for a grace period counted from when it turned past due,
 * then read-only; unpaid (Stripe stopped retrying): read-only. Read-only means reads work and
 * writes answer 402 `subscription_inactive`, except what a tenant needs to pay or leave.
 */
import type { Permission } from '#shared/auth/permissions.ts';
import { DomainError } from '#shared/errors.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import type { BillingState } from './model.ts';

/** What the authorizer passes on about a late payer; absent for a tenant in good standing. */
export type BillingHold =
  | { readonly status: 'past_due'; readonly since: string }
  | { readonly status: 'unpaid' };

export function billingHoldOf(billing: BillingState | undefined): BillingHold | undefined {
  const status = billing?.subscription?.status;
  if (status === 'unpaid') return { status: 'unpaid' };
  if (status === 'past_due') {
    return {
      status: 'past_due',
      since: billing?.pastDueSince ?? billing?.readAt ?? new Date(0).toISOString(),
    };
  }
  return undefined;
}

/** The hold as one authorizer context value (API Gateway carries flat strings only). */
export function encodeBillingHold(hold: BillingHold): string {
  return hold.status === 'unpaid' ? 'unpaid' : `past_due@${hold.since}`;
}

/** Whether two billing states give the authorizer the same hold (what a cached answer carries). */
export function sameBillingHold(a: BillingState | undefined, b: BillingState | undefined): boolean {
  const encoded = (state: BillingState | undefined): string | undefined => {
    const hold = billingHoldOf(state);
    return hold && encodeBillingHold(hold);
  };
  return encoded(a) === encoded(b);
}

export function decodeBillingHold(value: string | undefined): BillingHold | undefined {
  if (value === 'unpaid') return { status: 'unpaid' };
  const match = value === undefined ? null : /^past_due@(.+)$/.exec(value);
  if (!match?.[1] || Number.isNaN(Date.parse(match[1]))) return undefined;
  return { status: 'past_due', since: match[1] };
}

export type ReadOnlyReason = 'payment_overdue' | 'subscription_unpaid';

/** Why the tenant is read-only at `now`, or undefined when it may write. */
export function readOnlyReason(
  hold: BillingHold | undefined,
  now: Date,
  graceDays: number,
): { readonly reason: ReadOnlyReason; readonly since: string } | undefined {
  if (hold === undefined) return undefined;
  if (hold.status === 'unpaid') return { reason: 'subscription_unpaid', since: now.toISOString() };
  const graceEnds = Date.parse(hold.since) + graceDays * 24 * 3600 * 1000;
  return now.getTime() >= graceEnds
    ? { reason: 'payment_overdue', since: new Date(graceEnds).toISOString() }
    : undefined;
}

/**
 * What a read-only tenant can still do besides reading: pay (billing), sign out, look after its
 * own account, take its data out and close the tenant.
 */
export const permissionsWhileReadOnly: ReadonlySet<Permission> = new Set<Permission>([
  'manageBilling',
  'signOut',
  'manageOwnAccount',
  'exportData',
  'manageTenant',
]);

/** A write refused because the tenant's subscription is not paid: 402 with `details.reason`. */
export class SubscriptionInactiveError extends DomainError {
  readonly code = 'subscription_inactive';
}

/**
 * Whether a read-only tenant may still call `route`: reads, public and operator routes (an operator
 * acts for the business, not as the tenant), and the exempt permissions.
 */
export function writableWhileReadOnly(route: RouteDefinition): boolean {
  if (route.auth !== 'tenant' || route.method === 'GET') return true;
  return route.permission !== undefined && permissionsWhileReadOnly.has(route.permission);
}
