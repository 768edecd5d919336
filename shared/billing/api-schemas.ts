/** Request and response schemas of the billing routes. */
import * as z from 'zod/mini';
import '#shared/validation/english-messages.ts';
import { billingIntervals, paidPlanNames } from '#shared/config/billing-config.ts';
import { planNameSchema } from '#shared/tenants/plans.ts';
import { paymentStates, subscriptionStatusSchema } from './model.ts';

export const checkoutBodySchema = z
  .strictObject({
    plan: z.enum(paidPlanNames),
    interval: z._default(z.enum(billingIntervals), 'month'),
  })
  .check(z.meta({ id: 'Checkout', example: { plan: 'pro', interval: 'month' } }));

export const redirectViewSchema = z
  .object({ url: z.url() })
  .check(z.meta({ id: 'BillingRedirect' }));

export const billingViewSchema = z
  .object({
    /** The plan the tenant pays for. */
    plan: planNameSchema,
    /** The subscription as Stripe last said it was; null when the tenant has none. */
    subscription: z.nullable(
      z.object({
        status: subscriptionStatusSchema,
        plan: z.nullable(z.enum(paidPlanNames)),
        interval: z.nullable(z.enum(billingIntervals)),
        currentPeriodEnd: z.nullable(z.string()),
        cancelAtPeriodEnd: z.boolean(),
        trialEnd: z.nullable(z.string()),
      }),
    ),
    lastPayment: z.enum(paymentStates),
    /** While past due: when the grace period ends and the tenant turns read-only. */
    graceEndsAt: z.nullable(z.string()),
    /** Set while writes are refused (402 `subscription_inactive`). */
    readOnly: z.nullable(z.object({ reason: z.string(), since: z.string() })),
  })
  .check(z.meta({ id: 'Billing' }));
export type BillingView = z.infer<typeof billingViewSchema>;

export const webhookReceiptSchema = z
  .object({
    received: z.literal(true),
    /** `accepted` (handed to the sync job), `duplicate` (seen before) or `ignored`. */
    outcome: z.enum(['accepted', 'duplicate', 'ignored']),
  })
  .check(z.meta({ id: 'StripeWebhookReceipt' }));
