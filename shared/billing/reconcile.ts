/**
 * The daily reconciliation of one tenant: re-read its subscription from Stripe and apply it through
 * the one transition, so a webhook that never arrived is repaired within a day. Paced under
 * Stripe's rate limit; drift found and repaired are counted as metrics.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type Stripe from 'stripe';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { logger } from '#shared/observability/logger.ts';
import { metrics } from '#shared/observability/metrics.ts';
import type { SubscriptionSnapshot } from './model.ts';
import type { Pacer } from './pacing.ts';
import { type SyncDependencies, syncTenant } from './sync.ts';

export type ReconcileOutcome = 'no_customer' | 'in_sync' | 'repaired' | 'drift_not_applied';

export interface ReconcileDependencies extends Omit<SyncDependencies, 'stripe' | 'pace'> {
  /** Asked only for a tenant with a customer: a deployment without Stripe keys reconciles nothing. */
  readonly stripe: () => Promise<Stripe>;
  readonly pace: Pacer;
}

const compared = [
  'subscriptionId',
  'status',
  'plan',
  'interval',
  'currentPeriodEnd',
  'cancelAtPeriodEnd',
  'trialEnd',
  'lastPayment',
] as const satisfies readonly (keyof SubscriptionSnapshot)[];

function differs(
  stored: SubscriptionSnapshot | undefined,
  read: SubscriptionSnapshot | undefined,
): boolean {
  if (stored === undefined || read === undefined) return stored !== read;
  return compared.some((field) => stored[field] !== read[field]);
}

export async function reconcileTenant(
  scope: TenantScope,
  deps: ReconcileDependencies,
): Promise<ReconcileOutcome> {
  const before = await deps.store.getTenantBilling(scope);
  if (before?.billing?.customerId === undefined) return 'no_customer';
  const stripe = await deps.stripe();
  await deps.pace();
  const synced = await syncTenant(scope, { kind: 'reconciliation' }, { ...deps, stripe });
  const drift = synced.to !== before.plan || differs(before.billing.subscription, synced.snapshot);
  if (!drift) return 'in_sync';
  metrics.addMetric('BillingDriftFound', MetricUnit.Count, 1);
  logger.warn('Billing drift found by reconciliation', {
    tenantId: scope.tenantId,
    storedPlan: before.plan,
    stripePlan: synced.to,
    stripeStatus: synced.snapshot?.status ?? 'none',
  });
  if (!synced.applied) return 'drift_not_applied';
  metrics.addMetric('BillingDriftRepaired', MetricUnit.Count, 1);
  return 'repaired';
}
