/**
 * Billing's part of closing a tenant: cancel every live subscription at once (no renewal of a
 * tenant that no longer exists) and remove the customer link. The Stripe customer itself stays,
 * with its invoices, for the SaaS owner's books. Idempotent: a rerun finds nothing left to do.
 */
import type Stripe from 'stripe';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { BillingStore } from './model.ts';
import { callStripe } from './stripe-errors.ts';
import { liveStatuses } from './subscription-state.ts';

export async function endBilling(
  scope: TenantScope,
  { store, stripe }: { readonly store: BillingStore; readonly stripe: () => Promise<Stripe> },
): Promise<{ readonly canceled: number }> {
  const customerId = (await store.getTenantBilling(scope))?.billing?.customerId;
  if (customerId === undefined) return { canceled: 0 };
  const client = await stripe();
  let canceled = 0;
  await callStripe(async () => {
    for await (const subscription of client.subscriptions.list({
      customer: customerId,
      status: 'all',
      limit: 100,
    })) {
      if (!(liveStatuses as readonly string[]).includes(subscription.status)) continue;
      await client.subscriptions.cancel(
        subscription.id,
        {},
        { idempotencyKey: `tenantkit-offboard-${subscription.id}` },
      );
      canceled += 1;
    }
  });
  await store.unlinkCustomer(scope, customerId);
  return { canceled };
}
