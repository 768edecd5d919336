/**
 * The `tenant.daily` job of one tenant: expire its overdue invitations (through the invitations'
 * own transition, which frees their seats, emails and tokens) and roll the finished day's usage
 * counters into the month, and reconcile its billing with Stripe. The steps are idempotent by their own conditions; the worker's claim on
 * the job id makes a repeated schedule run a no-op besides.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { ReconcileOutcome } from '#shared/billing/reconcile.ts';
import { expireOverdueInvitations } from '#shared/invitations/expiry.ts';
import type { InvitationStore } from '#shared/invitations/model.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { emitJobProgress } from '#shared/jobs/job-events.ts';
import type { RollUpOutcome, UsageStore } from './model.ts';

export interface DailyDependencies {
  readonly invitations: InvitationStore;
  readonly usage: UsageStore;
  /** Re-reads the tenant's subscription from Stripe and repairs drift (shared/billing/reconcile.ts). */
  readonly reconcileBilling?: (scope: TenantScope) => Promise<ReconcileOutcome>;
  readonly now?: () => Date;
}

export interface DailyOutcome {
  readonly invitationsExpired: number;
  readonly usage: RollUpOutcome;
  readonly billing?: ReconcileOutcome;
}

export async function runDailyUpkeep(
  job: JobEnvelope<'tenant.daily'>,
  scope: TenantScope,
  { invitations, usage, reconcileBilling, now = () => new Date() }: DailyDependencies,
): Promise<DailyOutcome> {
  const invitationsExpired = await expireOverdueInvitations(
    scope,
    { requestId: job.id, sourceIp: 'scheduler' },
    invitations,
    now(),
  );
  const rolledUp = await usage.rollUpDay(scope, job.payload.date);
  const billing = reconcileBilling && (await reconcileBilling(scope));
  emitJobProgress({
    tenantId: scope.tenantId,
    jobId: job.id,
    kind: job.kind,
    status: 'succeeded',
    progress: 100,
    note: `${invitationsExpired} invitations expired, usage ${rolledUp.kind}${billing ? `, billing ${billing}` : ''}`,
  });
  return { invitationsExpired, usage: rolledUp, ...(billing && { billing }) };
}
