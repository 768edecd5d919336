/**
 * The one transition of a tenant's paid plan: every caller (webhook sync, daily reconciliation,
 * offboarding) applies the subscription as Stripe holds it through `applySubscriptionState`, which
 * writes `tenant.plan` and the billing state with a `billing.plan_changed` audit event in one
 * transaction. An older read never overwrites a newer one, so the order of syncs does not matter.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { logger } from '#shared/observability/logger.ts';
import { sameBillingHold } from './access.ts';
import type {
  AppliedState,
  BillingState,
  BillingStore,
  SubscriptionSnapshot,
  SyncCause,
} from './model.ts';
import { paidPlanOf } from './subscription-state.ts';

const maxAttempts = 3;

export async function applySubscriptionState(
  scope: TenantScope,
  snapshot: SubscriptionSnapshot | undefined,
  cause: SyncCause,
  /** When Stripe was read (before the call), so a slower, older read loses to a newer one. */
  readAt: Date,
  store: BillingStore,
): Promise<AppliedState> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.getTenantBilling(scope);
    const customerId = current?.billing?.customerId;
    if (current?.status !== 'active' || customerId === undefined) {
      return { from: current?.plan ?? 'free', to: current?.plan ?? 'free', applied: false };
    }
    const plan = paidPlanOf(snapshot);
    const wasPastDue = current.billing?.subscription?.status === 'past_due';
    const pastDueSince =
      snapshot?.status === 'past_due'
        ? wasPastDue && current.billing?.pastDueSince
          ? current.billing.pastDueSince
          : readAt.toISOString()
        : undefined;
    const billing: BillingState = {
      customerId,
      ...(snapshot && { subscription: snapshot }),
      ...(pastDueSince && { pastDueSince }),
      readAt: readAt.toISOString(),
    };
    const audit = auditEvent(
      {
        actorId: 'stripe',
        action: 'billing.plan_changed',
        target: { type: 'tenant', id: scope.tenantId },
        meta: {
          requestId: cause.kind === 'event' ? cause.eventId : cause.kind,
          sourceIp: 'stripe',
        },
        details: {
          from: current.plan,
          to: plan,
          cause: cause.kind,
          ...(cause.kind === 'event' && {
            stripeEventId: cause.eventId,
            stripeEventType: cause.eventType,
          }),
          ...(snapshot && { subscriptionId: snapshot.subscriptionId, status: snapshot.status }),
        },
      },
      readAt,
    );
    const outcome = await store.writeBillingState(scope, {
      expectedPlan: current.plan,
      plan,
      billing,
      audit,
    });
    if (outcome === 'written') {
      if (plan !== current.plan) {
        logger.info('Plan changed', {
          tenantId: scope.tenantId,
          from: current.plan,
          to: plan,
          cause: cause.kind,
        });
      }
      const accessChanged = plan !== current.plan || !sameBillingHold(current.billing, billing);
      return { from: current.plan, to: plan, applied: true, accessChanged };
    }
    if (outcome !== 'planChanged' || attempt >= maxAttempts) {
      return { from: current.plan, to: current.plan, applied: false };
    }
  }
}
