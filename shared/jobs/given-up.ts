/** What a tenant sees of a job that failed on every attempt: a failed record, never the internal error. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { JobRecordStore } from './job-records.ts';
import { queueDesign } from './queue-design.ts';

export async function markJobGivenUp(
  store: JobRecordStore,
  scope: TenantScope,
  jobId: string,
  now: Date = new Date(),
): Promise<void> {
  // Jobs without a record (mail, daily upkeep) simply find nothing to update.
  await store.update(
    scope,
    jobId,
    {
      status: 'failed',
      error: {
        code: 'job_failed',
        message: `The job failed ${queueDesign.bulk.maxReceiveCount} times and was set aside for the operators; start it again later.`,
      },
      finishedAt: now.toISOString(),
    },
    now,
  );
}
