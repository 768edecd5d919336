/**
 * Starting an export: a job record (with its audit event and, when keyed, its idempotency record)
 * in one transaction, then the job on jobs-bulk. If the job cannot be queued the record is removed
 * again, so a retry with the same Idempotency-Key starts afresh instead of replaying a dead job.
 */

import { assertEmailVerified } from '#shared/accounts/verified.ts';
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { IdempotencyRequest } from '#shared/data/idempotency.ts';
import { NotFoundError } from '#shared/errors.ts';
import { newUlid } from '#shared/ids.ts';
import type { JobEnvelope, JobKind, JobPayload } from '#shared/jobs/envelope.ts';
import { type JobRecordStore, newJobRecord } from '#shared/jobs/job-records.ts';
import type { Caller } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';

export type Enqueue = <K extends JobKind>(
  scope: TenantScope,
  kind: K,
  payload: JobPayload<K>,
  options: { id: string; now: Date },
) => Promise<JobEnvelope<K>>;

export interface ExportRequestDependencies {
  readonly store: JobRecordStore;
  /** Reads the caller's member item: an unverified email may not take the data out. */
  readonly tenants: Pick<TenantStore, 'getTenantAndMember'>;
  readonly enqueue: Enqueue;
  readonly now?: () => Date;
}

export interface StartedExport {
  readonly body: { readonly jobId: string; readonly status: 'queued' };
  /** True when this answers a retry of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

export async function requestExport(
  { ctx, meta }: Caller,
  idempotency: IdempotencyRequest | undefined,
  { store, tenants, enqueue, now = () => new Date() }: ExportRequestDependencies,
): Promise<StartedExport> {
  const { member } = await tenants.getTenantAndMember(ctx, ctx.userId);
  if (!member) throw new NotFoundError('Caller no longer exists');
  assertEmailVerified(member, 'export');
  for (let attempt = 1; attempt <= 2; attempt++) {
    const at = now();
    const jobId = newUlid(at.getTime());
    const body = { jobId, status: 'queued' as const };
    const outcome = await store.create(ctx, newJobRecord(jobId, 'data.export', ctx.userId, at), {
      audit: auditEvent(
        {
          actorId: ctx.userId,
          action: 'export.requested',
          target: { type: 'job', id: jobId },
          meta,
        },
        at,
      ),
      ...(idempotency && {
        idempotency: { request: idempotency, response: { statusCode: 202, body } },
      }),
    });
    if (outcome.kind === 'created') {
      try {
        await enqueue(ctx, 'data.export', { requestedBy: ctx.userId }, { id: jobId, now: at });
      } catch (error) {
        await store.discard(ctx, jobId, idempotency);
        throw error;
      }
      return { body, replayed: false };
    }
    if (!idempotency) break;
    const stored = await store.storedResponse(ctx, idempotency, at);
    if (stored) return { body: stored.body as StartedExport['body'], replayed: true };
  }
  throw new Error('Idempotent export request did not settle');
}
