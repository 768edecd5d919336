/**
 * What the tenant item holds of its billing (the Stripe customer, and the subscription as Stripe
 * last said it was), the snapshot read from Stripe, and the port its store implements.
 */
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { billingIntervals, paidPlanNames } from '#shared/config/billing-config.ts';
import type { PlanName } from '#shared/tenants/plans.ts';

export const subscriptionStatuses = [
  'active',
  'trialing',
  'past_due',
  'unpaid',
  'paused',
  'canceled',
  'incomplete',
  'incomplete_expired',
] as const;
export const subscriptionStatusSchema = z.enum(subscriptionStatuses);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

/**
 * The latest invoice's payment: `action_required` when the bank asks the customer to authenticate
 * (3-D Secure), `failed` when the charge was declined; both leave the subscription past due.
 */
export const paymentStates = ['paid', 'failed', 'action_required', 'pending', 'none'] as const;
export type PaymentState = (typeof paymentStates)[number];

/** The subscription as read from Stripe (never from a webhook payload); null: it has none. */
export const subscriptionSnapshotSchema = z.object({
  subscriptionId: z.string(),
  status: subscriptionStatusSchema,
  /** The plan its price stands for; undefined for a price this deployment does not sell. */
  plan: z.optional(z.enum(paidPlanNames)),
  interval: z.optional(z.enum(billingIntervals)),
  /** From the subscription's items: API 2025-03-31 and later keep the period there. */
  currentPeriodEnd: z.optional(z.string()),
  cancelAtPeriodEnd: z.boolean(),
  trialEnd: z.optional(z.string()),
  lastPayment: z.enum(paymentStates),
});
export type SubscriptionSnapshot = z.infer<typeof subscriptionSnapshotSchema>;

/** The `billing` attribute of the tenant item. */
export const billingStateSchema = z.object({
  customerId: z.optional(z.string()),
  subscription: z.optional(subscriptionSnapshotSchema),
  /** When the subscription turned past_due, as first seen here: the grace period counts from it. */
  pastDueSince: z.optional(z.string()),
  /** When Stripe was read for this state; an older read never overwrites a newer one. */
  readAt: z.optional(z.string()),
});
export type BillingState = z.infer<typeof billingStateSchema>;

/** What caused a sync: a webhook event (its id goes into the audit event), or a repair. */
export type SyncCause =
  | { readonly kind: 'event'; readonly eventId: string; readonly eventType: string }
  | { readonly kind: 'reconciliation' }
  | { readonly kind: 'offboarding' };

export interface AppliedState {
  readonly from: PlanName;
  readonly to: PlanName;
  /** False when a newer read was there already, or the tenant is gone. */
  readonly applied: boolean;
  /**
   * The plan or the billing hold (past due, unpaid) changed: what the authorizer puts into every
   * request (limits, read-only), so its cached answers must go.
   */
  readonly accessChanged?: boolean;
}

export interface TenantBilling {
  readonly plan: PlanName;
  readonly status: string;
  readonly billing?: BillingState;
}

/** Persistence port of billing: the tenant's billing state and the global Stripe lookups. */
export interface BillingStore {
  getTenantBilling(scope: TenantScope): Promise<TenantBilling | undefined>;
  /**
   * Writes the customer link: the global `STRIPE#<customerId>` lookup first, then the tenant item's
   * customer id, each conditional, so a retry with the same customer completes and a second
   * customer is refused (ConflictError).
   */
  linkCustomer(scope: TenantScope, customerId: string): Promise<void>;
  /** Removes both halves of the customer link (offboarding). */
  unlinkCustomer(scope: TenantScope, customerId: string): Promise<void>;
  /** The tenant id a Stripe customer belongs to, from the global lookup. */
  tenantOfCustomer(customerId: string): Promise<string | undefined>;
  /**
   * Applies `next` as the tenant's plan and billing state, with a `billing.plan_changed` audit
   * event in the same transaction when the plan changes; `readAt` guards against older reads.
   */
  writeBillingState(
    scope: TenantScope,
    change: {
      readonly expectedPlan: PlanName;
      readonly plan: PlanName;
      readonly billing: BillingState;
      readonly audit?: AuditEvent;
    },
  ): Promise<'written' | 'stale' | 'planChanged' | 'gone'>;
  /**
   * Records a webhook event id (TTL 35 days); false when it was recorded before (a redelivery).
   */
  recordEvent(eventId: string, expiresAt: number): Promise<boolean>;
  /** Forgets an event id whose hand-off failed, so Stripe's retry is not taken for a duplicate. */
  forgetEvent(eventId: string): Promise<void>;
}
