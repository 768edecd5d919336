/**
 * The `tenant.daily` job of one tenant: expire its stale invitations (each with an audit event) and
 * roll the finished day's usage counters into the month. Both steps are idempotent by their own
 * conditions; the worker's claim on the job id makes a repeated schedule run a no-op besides.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { emitJobProgress } from '#shared/jobs/job-events.ts';
import type { RollUpOutcome, UpkeepStore, UsageStore } from './model.ts';

export interface DailyDependencies {
  readonly upkeep: UpkeepStore;
  readonly usage: UsageStore;
  readonly now?: () => Date;
}

export interface DailyOutcome {
  readonly invitationsExpired: number;
  readonly usage: RollUpOutcome;
}

export async function runDailyUpkeep(
  job: JobEnvelope<'tenant.daily'>,
  scope: TenantScope,
  { upkeep, usage, now = () => new Date() }: DailyDependencies,
): Promise<DailyOutcome> {
  const at = now();
  const nowSeconds = Math.floor(at.getTime() / 1000);
  let invitationsExpired = 0;
  for (const invitation of await upkeep.staleInvitations(scope, nowSeconds)) {
    const audit = auditEvent(
      {
        actorId: 'system',
        action: 'invitation.expired',
        target: { type: 'invitation', id: invitation.invitationId },
        meta: { requestId: job.id, sourceIp: 'scheduler' },
        details: { expiresAt: invitation.expiresAt },
      },
      at,
    );
    if (await upkeep.expireInvitation(scope, invitation, nowSeconds, audit)) invitationsExpired++;
  }
  const rolledUp = await usage.rollUpDay(scope, job.payload.date);
  emitJobProgress({
    tenantId: scope.tenantId,
    jobId: job.id,
    kind: job.kind,
    status: 'succeeded',
    progress: 100,
    note: `${invitationsExpired} invitations expired, usage ${rolledUp.kind}`,
  });
  return { invitationsExpired, usage: rolledUp };
}
