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
import type { Caller, RequestMeta } from '#shared/requests.ts';
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
  deps: ExportRequestDependencies,
): Promise<StartedExport> {
  const { member } = await deps.tenants.getTenantAndMember(ctx, ctx.userId);
  if (!member) throw new NotFoundError('Caller no longer exists');
  assertEmailVerified(member, 'export');
  return startExport(ctx, { actorId: ctx.userId, meta }, idempotency, deps);
}

/**
 * The one way an export starts, for a tenant admin (requestExport) and for an operator on the
 * tenant's behalf (shared/platform): `actorId` is who the audit trail and the job name, and
 * `details` what the audit event adds (an operator's reason).
 */
export function startExport(
  ctx: TenantScope,
  actor: {
    readonly actorId: string;
    readonly meta: RequestMeta;
    readonly details?: Readonly<Record<string, unknown>>;
  },
  idempotency: IdempotencyRequest | undefined,
  { store, enqueue, now = () => new Date() }: Omit<ExportRequestDependencies, 'tenants'>,
): Promise<StartedExport> {
  const { meta } = actor;
  return createIdempotently<StartedExport['body']>(idempotency, {
    now,
    storedResponse: (request, at) => store.storedResponse(ctx, request, at),
    attempt: async (at) => {
      const jobId = newUlid(at.getTime());
      const body = { jobId, status: 'queued' as const };
      const record = newJobRecord(jobId, 'data.export', actor.actorId, at);
      const outcome = await store.create(ctx, record, {
        audit: auditEvent(
          {
            actorId: actor.actorId,
            action: 'export.requested',
            target: { type: 'job', id: jobId },
            meta,
            ...(actor.details && { details: actor.details }),
          },
          at,
        ),
        ...(idempotency && {
          idempotency: { request: idempotency, response: { statusCode: 202, body } },
        }),
      });
      if (outcome.kind !== 'created') return outcome;
      try {
        await enqueue(ctx, 'data.export', { requestedBy: actor.actorId }, { id: jobId, now: at });
      } catch (error) {
        await store.discard(ctx, jobId, idempotency);
        throw error;
      }
      return { kind: 'created', body };
    },
  });
}
