/**
 * The platform audit trail: every operator action on a tenant (operator, action, tenant, reason,
 * request id), kept apart from the tenants' own trails in `PLATFORM#AUDIT#<day>` partitions. The
 * tenant's own trail gets its own event of what it should see, with the reason but not who.
 */
import { newUlid } from '#shared/ids.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { OperatorContext } from './operator-context.ts';

export interface PlatformAuditEvent {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly operatorId: string;
  readonly operatorEmail: string;
  /** Dotted verb, e.g. `tenant.suspended`, `tenant.complimentary_plan_granted`. */
  readonly action: string;
  readonly tenantId: string;
  readonly reason: string;
  readonly requestId: string;
  readonly sourceIp: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface PlatformAuditStore {
  record(event: PlatformAuditEvent): Promise<void>;
}

/** Who the tenant's own trail names for an operator's action: the platform, not the person. */
export const operatorActorId = 'platform-operator';

export function platformAuditEvent(
  operator: OperatorContext,
  input: {
    readonly action: string;
    readonly tenantId: string;
    readonly reason: string;
    readonly meta: RequestMeta;
    readonly details?: Readonly<Record<string, unknown>>;
  },
  now: Date,
): PlatformAuditEvent {
  return {
    eventId: newUlid(now.getTime()),
    occurredAt: now.toISOString(),
    operatorId: operator.operatorId,
    operatorEmail: operator.email,
    action: input.action,
    tenantId: input.tenantId,
    reason: input.reason,
    requestId: input.meta.requestId,
    sourceIp: input.meta.sourceIp,
    ...(input.details && { details: input.details }),
  };
}
