/**
 * Asking for a tenant's deletion: the owner confirms with the tenant's exact name; the tenant turns
 * `deleting` at once (the authorizer refuses every token of a tenant that is not active) in the
 * same transaction as the deletion job's record and an audit event; then the job is queued.
 */

import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ConflictError, NotFoundError, ValidationError } from '#shared/errors.ts';
import type { Enqueue } from '#shared/exports/service.ts';
import { newUlid } from '#shared/ids.ts';
import { newJobRecord } from '#shared/jobs/job-records.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import type { OffboardingStore } from './model.ts';

export interface OffboardingRequestDependencies {
  readonly store: OffboardingStore;
  readonly enqueue: Enqueue;
  readonly now?: () => Date;
}

export interface OffboardingStarted {
  readonly jobId: string;
  readonly status: 'deleting';
}

/** The owner asks for their tenant's deletion. */
export function requestOffboarding(
  { ctx, meta }: Caller,
  confirm: string,
  deps: OffboardingRequestDependencies,
): Promise<OffboardingStarted> {
  return startOffboarding(ctx, { actorId: ctx.userId, meta }, confirm, deps);
}

/**
 * The one transition into `deleting`, for the owner (requestOffboarding) and for an operator acting
 * on the tenant's behalf (shared/platform): `actorId` is who the audit trail and the job name, and
 * `details` what the audit event adds (an operator's reason).
 */
export async function startOffboarding(
  ctx: TenantScope,
  actor: {
    readonly actorId: string;
    readonly meta: RequestMeta;
    readonly details?: Readonly<Record<string, unknown>>;
  },
  confirm: string,
  { store, enqueue, now = () => new Date() }: OffboardingRequestDependencies,
): Promise<OffboardingStarted> {
  const { meta } = actor;
  const tenant = await store.getTenant(ctx);
  if (!tenant) throw new NotFoundError('Tenant not found');
  if (tenant.status === 'deleting') throw new ConflictError('The tenant is already being deleted');
  if (confirm !== tenant.name) {
    throw new ValidationError('Confirm the deletion with the tenant’s exact name', [
      {
        location: 'body',
        path: 'confirm',
        code: 'confirmation_mismatch',
        message: 'must equal the tenant name',
      },
    ]);
  }
  const at = now();
  const jobId = newUlid(at.getTime());
  const outcome = await store.beginOffboarding(ctx, {
    expectedVersion: tenant.version,
    record: newJobRecord(jobId, 'tenant.offboard', actor.actorId, at),
    audit: auditEvent(
      {
        actorId: actor.actorId,
        action: 'tenant.deletion_requested',
        target: { type: 'tenant', id: ctx.tenantId },
        meta,
        details: { ...actor.details, jobId },
      },
      at,
    ),
    now: at,
  });
  if (outcome === 'changed') {
    throw new ConflictError('The tenant changed while you asked; read it and try again');
  }
  try {
    await enqueue(ctx, 'tenant.offboard', { requestedBy: actor.actorId }, { id: jobId, now: at });
  } catch (error) {
    await store.cancelOffboarding(ctx, jobId, now());
    throw error;
  }
  return { jobId, status: 'deleting' };
}
