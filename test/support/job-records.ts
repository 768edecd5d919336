/** Job records written straight into the table, as a route starts them, for tests of what reads show. */
import { monotonicFactory } from 'ulid';
import { auditEvent } from '#shared/audit/audit-log.ts';
import { type TenantScope, tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { jobRecordStore } from '#shared/data/stores.ts';
import { newJobRecord } from '#shared/jobs/job-records.ts';
import { ProgressReporter } from '#shared/jobs/progress.ts';
import type { SignedUpTenant } from './tenants.ts';

type Starter = Pick<SignedUpTenant, 'tenantId' | 'userId'>;

export function scopeOf(who: Pick<SignedUpTenant, 'tenantId'>): TenantScope {
  const scope = tenantScopeFromJob(who.tenantId);
  if (!scope) throw new Error('bad tenant id');
  return scope;
}

// Tests start several jobs within one millisecond: monotonic ids keep their order.
const nextJobId = monotonicFactory();

/** A job as a route would start it: its record, queued (nothing is enqueued); returns its id. */
export async function startedJob(who: Starter, kind = 'data.export'): Promise<string> {
  const jobId = nextJobId();
  const now = new Date();
  await jobRecordStore().create(scopeOf(who), newJobRecord(jobId, kind, who.userId, now), {
    audit: auditEvent(
      {
        actorId: who.userId,
        action: 'job.started',
        target: { type: 'job', id: jobId },
        meta: { requestId: 'test', sourceIp: '127.0.0.1' },
      },
      now,
    ),
  });
  return jobId;
}

/** Moves the job's record as its worker would: start, progress, succeed or fail. */
export function reporterOf(who: Starter, jobId: string, kind = 'data.export'): ProgressReporter {
  return new ProgressReporter({ store: jobRecordStore(), scope: scopeOf(who), jobId, kind });
}
