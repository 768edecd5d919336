/**
 * The `tenant.daily` job of one tenant: expire its overdue invitations (through the invitations'
 * own transition, which frees their seats, emails and tokens) and roll the finished day's usage
 * counters into the month, reconcile its billing with Stripe, and price the day's consumption into
 * its cost items (shared/costs). Each step is idempotent by itself; the worker's claim on the job
 * id makes a repeated schedule run a no-op besides.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { ReconcileOutcome } from '#shared/billing/reconcile.ts';
import type { CostStore } from '#shared/costs/model.ts';
import { type CostRollupOutcome, rollUpDailyCost } from '#shared/costs/rollup.ts';
import { expireOverdueInvitations } from '#shared/invitations/expiry.ts';
import type { InvitationStore } from '#shared/invitations/model.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { emitJobProgress } from '#shared/jobs/job-events.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import type { RollUpOutcome, UsageStore } from './model.ts';

export interface DailyDependencies {
  readonly invitations: InvitationStore;
  readonly usage: UsageStore;
  /** Re-reads the tenant's subscription from Stripe and repairs drift (shared/billing/reconcile.ts). */
  readonly reconcileBilling?: (scope: TenantScope) => Promise<ReconcileOutcome>;
  readonly costs: CostStore;
  readonly tenants: Pick<TenantStore, 'getTenant'>;
  readonly now?: () => Date;
}

export interface DailyOutcome {
  readonly invitationsExpired: number;
  readonly usage: RollUpOutcome;
  readonly billing?: ReconcileOutcome;
  /** The day's and month's cost items; undefined when the job carried no consumption. */
  readonly cost: CostRollupOutcome | undefined;
}

export async function runDailyUpkeep(
  job: JobEnvelope<'tenant.daily'>,
  scope: TenantScope,
  {
    invitations,
    usage,
    reconcileBilling,
    costs,
    tenants,
    now = () => new Date(),
  }: DailyDependencies,
): Promise<DailyOutcome> {
  const invitationsExpired = await expireOverdueInvitations(
    scope,
    { requestId: job.id, sourceIp: 'scheduler' },
    invitations,
    now(),
  );
  const rolledUp = await usage.rollUpDay(scope, job.payload.date);
  const billing = reconcileBilling && (await reconcileBilling(scope));
  const { consumption } = job.payload;
  const cost =
    consumption === undefined
      ? undefined
      : await rollUpDailyCost(scope, job.payload.date, consumption, { costs, tenants, now });
  emitJobProgress({
    tenantId: scope.tenantId,
    jobId: job.id,
    kind: job.kind,
    status: 'succeeded',
    progress: 100,
    note: `${invitationsExpired} invitations expired, usage ${rolledUp.kind}${billing ? `, billing ${billing}` : ''}, cost $${cost?.day.cost.total ?? 0}`,
  });
  return { invitationsExpired, usage: rolledUp, ...(billing && { billing }), cost };
}
