/**
 * What an owner does with billing: start a Checkout for a plan (the Stripe customer is created on
 * the first one and reused after), open the billing portal, and read the billing state. The plan
 * itself changes only when Stripe says so, through the webhook sync.
 */
import type Stripe from 'stripe';
import type {
  BillingConfig,
  BillingInterval,
  PaidPlanName,
} from '#shared/config/billing-config.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.ts';
import type { Caller } from '#shared/requests.ts';
import { type BillingHold, billingHoldOf, readOnlyReason } from './access.ts';
import type { BillingView } from './api-schemas.ts';
import type { BillingStore, TenantBilling } from './model.ts';
import { priceOf } from './prices.ts';
import { callStripe } from './stripe-errors.ts';
import { liveStatuses } from './subscription-state.ts';

export interface BillingDependencies {
  readonly store: BillingStore;
  readonly stripe: () => Promise<Stripe>;
  readonly config: BillingConfig;
  readonly graceDays: number;
  readonly now?: () => Date;
}

async function tenantBilling(caller: Caller, store: BillingStore): Promise<TenantBilling> {
  const tenant = await store.getTenantBilling(caller.ctx);
  if (!tenant) throw new NotFoundError('Tenant not found');
  return tenant;
}

/** The tenant's customer, created at Stripe and linked on the first checkout. */
async function customerOf(
  caller: Caller,
  tenant: TenantBilling,
  stripe: Stripe,
  store: BillingStore,
): Promise<string> {
  const linked = tenant.billing?.customerId;
  if (linked !== undefined) return linked;
  // One idempotency key per tenant: concurrent or retried first checkouts get the same customer,
  // and a customer whose link failed to save is found again by the retry.
  const customer = await callStripe(() =>
    stripe.customers.create(
      { metadata: { tenantId: caller.ctx.tenantId } },
      { idempotencyKey: `tenantkit-customer-${caller.ctx.tenantId}` },
    ),
  );
  await store.linkCustomer(caller.ctx, customer.id);
  return customer.id;
}

export async function startCheckout(
  caller: Caller,
  request: { readonly plan: PaidPlanName; readonly interval: BillingInterval },
  idempotencyKey: string | undefined,
  { store, stripe: stripeClient, config }: BillingDependencies,
): Promise<{ url: string }> {
  const tenant = await tenantBilling(caller, store);
  const subscription = tenant.billing?.subscription;
  if (subscription && liveStatuses.includes(subscription.status)) {
    throw new ConflictError(
      subscription.plan === request.plan
        ? `The tenant already pays for ${request.plan}`
        : 'The tenant has a subscription: change its plan in the billing portal',
      {
        reason: subscription.plan === request.plan ? 'current_plan' : 'subscription_exists',
        portal: 'POST /v1/billing/portal',
      },
    );
  }
  const price = priceOf(config.prices, request.plan, request.interval);
  if (price === undefined) {
    throw new ValidationError(`The ${request.plan} plan is not offered per ${request.interval}`, [
      {
        location: 'body',
        path: 'interval',
        code: 'not_offered',
        message: 'no price for this plan and interval',
      },
    ]);
  }
  const stripe = await stripeClient();
  const customer = await customerOf(caller, tenant, stripe, store);
  const tenantId = caller.ctx.tenantId;
  const session = await callStripe(() =>
    stripe.checkout.sessions.create(
      {
        mode: 'subscription',
        customer,
        client_reference_id: tenantId,
        line_items: [{ price, quantity: 1 }],
        metadata: { tenantId },
        subscription_data: { metadata: { tenantId } },
        success_url: `${config.returnUrl}?checkout=success`,
        cancel_url: `${config.returnUrl}?checkout=canceled`,
      },
      // Scoped to the tenant: another tenant's key can never replay this tenant's session.
      idempotencyKey === undefined
        ? undefined
        : { idempotencyKey: `tenantkit-checkout-${tenantId}-${idempotencyKey}` },
    ),
  );
  if (!session.url) throw new Error('Stripe returned a Checkout Session without a url');
  return { url: session.url };
}

export async function openPortal(
  caller: Caller,
  { store, stripe: stripeClient, config }: BillingDependencies,
): Promise<{ url: string }> {
  const tenant = await tenantBilling(caller, store);
  const customer = tenant.billing?.customerId;
  if (customer === undefined) {
    throw new ConflictError('The tenant has no billing account yet: start with a checkout', {
      reason: 'no_customer',
      checkout: 'POST /v1/billing/checkout',
    });
  }
  const stripe = await stripeClient();
  const session = await callStripe(() =>
    stripe.billingPortal.sessions.create({ customer, return_url: config.returnUrl }),
  );
  return { url: session.url };
}

function graceEnd(hold: BillingHold | undefined, graceDays: number): string | null {
  if (hold?.status !== 'past_due') return null;
  return new Date(Date.parse(hold.since) + graceDays * 24 * 3600 * 1000).toISOString();
}

export async function billingOverview(
  caller: Caller,
  {
    store,
    graceDays,
    now = () => new Date(),
  }: Pick<BillingDependencies, 'store' | 'graceDays' | 'now'>,
): Promise<BillingView> {
  const tenant = await tenantBilling(caller, store);
  const subscription = tenant.billing?.subscription;
  const hold = billingHoldOf(tenant.billing);
  return {
    plan: tenant.plan,
    subscription: subscription
      ? {
          status: subscription.status,
          plan: subscription.plan ?? null,
          interval: subscription.interval ?? null,
          currentPeriodEnd: subscription.currentPeriodEnd ?? null,
          cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
          trialEnd: subscription.trialEnd ?? null,
        }
      : null,
    lastPayment: subscription?.lastPayment ?? 'none',
    graceEndsAt: graceEnd(hold, graceDays),
    readOnly: readOnlyReason(hold, now(), graceDays) ?? null,
  };
}
