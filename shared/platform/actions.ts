/**
 * What an operator does to a tenant: suspend and reactivate it, give it a complimentary plan, set
 * its limit and feature overrides, start an export or its offboarding on its behalf. Each action
 * writes the tenant's own audit event with the change (the tenant sees what support did, and why)
 * and then the platform audit event (who did it). A retry after a failed platform write repeats a
 * change that is already in place, so the platform trail is written at least once.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import type { Enqueue } from '#shared/exports/service.ts';
import { type StartedExport, startExport } from '#shared/exports/service.ts';
import type { JobRecordStore } from '#shared/jobs/job-records.ts';
import type { OffboardingStore } from '#shared/offboarding/model.ts';
import { type OffboardingStarted, startOffboarding } from '#shared/offboarding/service.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { ComplimentaryPlan } from '#shared/tenants/model.ts';
import type { PlanName } from '#shared/tenants/plans.ts';
import { operatorActorId, type PlatformAuditStore, platformAuditEvent } from './audit.ts';
import type { SuspendableStatus, TenantControlStore, TenantOverridesChange } from './model.ts';
import type { OperatorContext } from './operator-context.ts';
import { operatorScope } from './tenants.ts';

export interface OperatorRequest {
  readonly operator: OperatorContext;
  readonly tenantId: string;
  readonly reason: string;
  readonly meta: RequestMeta;
}

export interface ControlDependencies {
  readonly control: TenantControlStore;
  readonly platformAudit: PlatformAuditStore;
  /** Flushes the API's authorizer cache, so the change reaches the tenant's next request. */
  readonly flushAuthorizers: () => Promise<void>;
  readonly now?: () => Date;
}

async function act(
  request: OperatorRequest,
  action: string,
  deps: ControlDependencies,
  change: (scope: TenantScope, audit: ReturnType<typeof auditEvent>) => Promise<void>,
  details?: Readonly<Record<string, unknown>>,
): Promise<void> {
  const scope = operatorScope(request.operator, request.tenantId);
  const at = (deps.now ?? (() => new Date()))();
  const tenantEvent = auditEvent(
    {
      actorId: operatorActorId,
      action,
      target: { type: 'tenant', id: scope.tenantId },
      meta: request.meta,
      details: { reason: request.reason, ...details },
    },
    at,
  );
  await change(scope, tenantEvent);
  await deps.platformAudit.record(
    platformAuditEvent(
      request.operator,
      {
        action,
        tenantId: scope.tenantId,
        reason: request.reason,
        meta: request.meta,
        ...(details && { details }),
      },
      at,
    ),
  );
  await deps.flushAuthorizers();
}

const statusActions: Record<SuspendableStatus, string> = {
  suspended: 'tenant.suspended',
  active: 'tenant.reactivated',
};

/** Suspends (`to: suspended`) or reactivates (`to: active`) the tenant; its next request sees it. */
export async function changeTenantStatus(
  request: OperatorRequest,
  to: SuspendableStatus,
  deps: ControlDependencies,
): Promise<{ readonly id: string; readonly status: SuspendableStatus }> {
  const from: SuspendableStatus = to === 'suspended' ? 'active' : 'suspended';
  await act(request, statusActions[to], deps, (scope, audit) =>
    deps.control.changeStatus(scope, from, to, audit),
  );
  return { id: request.tenantId, status: to };
}

/** Gives the tenant `plan` for free until `until`; the end date must lie in the future. */
export async function grantComplimentaryPlan(
  request: OperatorRequest,
  grant: { readonly plan: PlanName; readonly until: string },
  deps: ControlDependencies,
): Promise<ComplimentaryPlan> {
  const now = (deps.now ?? (() => new Date()))();
  if (Date.parse(grant.until) <= now.getTime()) {
    throw new ValidationError('The end date must lie in the future', [
      { location: 'body', path: 'until', code: 'too_small', message: 'must be in the future' },
    ]);
  }
  const complimentary: ComplimentaryPlan = {
    plan: grant.plan,
    until: new Date(grant.until).toISOString(),
    reason: request.reason,
    grantedBy: request.operator.operatorId,
  };
  await act(
    request,
    'tenant.complimentary_plan_granted',
    deps,
    (scope, audit) => deps.control.setComplimentaryPlan(scope, complimentary, audit),
    { plan: complimentary.plan, until: complimentary.until },
  );
  return complimentary;
}

/** Replaces the tenant's limit and feature overrides (null removes one). */
export async function setTenantOverrides(
  request: OperatorRequest,
  overrides: TenantOverridesChange,
  deps: ControlDependencies,
): Promise<TenantOverridesChange> {
  await act(
    request,
    'tenant.overrides_changed',
    deps,
    (scope, audit) => deps.control.setOverrides(scope, overrides, audit),
    { limits: overrides.limits, features: overrides.features },
  );
  return overrides;
}

export interface OnBehalfDependencies {
  readonly platformAudit: PlatformAuditStore;
  readonly enqueue: Enqueue;
  readonly now?: () => Date;
}

async function recordOnBehalf(
  request: OperatorRequest,
  action: string,
  details: Readonly<Record<string, unknown>>,
  deps: OnBehalfDependencies,
): Promise<void> {
  await deps.platformAudit.record(
    platformAuditEvent(
      request.operator,
      { action, tenantId: request.tenantId, reason: request.reason, meta: request.meta, details },
      (deps.now ?? (() => new Date()))(),
    ),
  );
}

/** Starts an export of the tenant's data, which its admins download; the operator sees only the job. */
export async function exportOnBehalf(
  request: OperatorRequest,
  deps: OnBehalfDependencies & { readonly store: JobRecordStore },
): Promise<StartedExport['body']> {
  const scope = operatorScope(request.operator, request.tenantId);
  const started = await startExport(
    scope,
    { actorId: operatorActorId, meta: request.meta, details: { reason: request.reason } },
    undefined,
    deps,
  );
  await recordOnBehalf(request, 'tenant.export_started', { jobId: started.body.jobId }, deps);
  return started.body;
}

/** Starts the tenant's deletion, confirmed with its exact name as its owner would. */
export async function offboardOnBehalf(
  request: OperatorRequest,
  confirm: string,
  deps: OnBehalfDependencies & {
    readonly store: OffboardingStore;
    readonly flushAuthorizers: () => Promise<void>;
  },
): Promise<OffboardingStarted> {
  const scope = operatorScope(request.operator, request.tenantId);
  const started = await startOffboarding(
    scope,
    { actorId: operatorActorId, meta: request.meta, details: { reason: request.reason } },
    confirm,
    deps,
  );
  await recordOnBehalf(request, 'tenant.offboarding_started', { jobId: started.jobId }, deps);
  await deps.flushAuthorizers();
  return started;
}
