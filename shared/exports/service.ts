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
import { type CreateResponse, createIdempotently } from '#shared/idempotent-create.ts';
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

export type StartedExport = CreateResponse<{ readonly jobId: string; readonly status: 'queued' }>;

export async function requestExport(
  { ctx, meta }: Caller,
  idempotency: IdempotencyRequest | undefined,
  { store, tenants, enqueue, now = () => new Date() }: ExportRequestDependencies,
): Promise<StartedExport> {
  const { member } = await tenants.getTenantAndMember(ctx, ctx.userId);
  if (!member) throw new NotFoundError('Caller no longer exists');
  assertEmailVerified(member, 'export');
  return createIdempotently<StartedExport['body']>(idempotency, {
    now,
    storedResponse: (request, at) => store.storedResponse(ctx, request, at),
    attempt: async (at) => {
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
      if (outcome.kind !== 'created') return outcome;
      try {
        await enqueue(ctx, 'data.export', { requestedBy: ctx.userId }, { id: jobId, now: at });
      } catch (error) {
        await store.discard(ctx, jobId, idempotency);
        throw error;
      }
      return { kind: 'created', body };
    },
  });
}
