/**
 * Audit events: written in the same transaction as the change they record, in the tenant's own
 * audit partition, newest last by sort key, and indexed by action on GSI1 so a filtered listing
 * reads exact pages. Nothing in the API updates or deletes them.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import type { TransactItem } from '#shared/data/transactions.ts';
import { newUlid } from '#shared/ids.ts';
import type { RequestMeta } from '#shared/requests.ts';

export interface AuditEventInput {
  /** The user who acted; `system` for jobs and sign-up before a user exists. */
  readonly actorId: string;
  /** Dotted verb, e.g. `project.created`, `member.role_changed`. */
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly meta: RequestMeta;
  /** Small, non-secret facts about the change (changed field names, old and new role …). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface AuditEvent extends Omit<AuditEventInput, 'meta'> {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly requestId: string;
  readonly sourceIp: string;
}

export function auditEvent(input: AuditEventInput, now: Date): AuditEvent {
  const { meta, ...rest } = input;
  return {
    ...rest,
    eventId: newUlid(now.getTime()),
    occurredAt: now.toISOString(),
    requestId: meta.requestId,
    sourceIp: meta.sourceIp,
  };
}

/** The stored item of `event`: its keys in the audit partition and on the by-action index. */
export function auditItem(scope: TenantScope, event: AuditEvent): Record<string, unknown> {
  return {
    ...tenantKeys.auditEvent(scope, event.occurredAt, event.eventId),
    ...tenantKeys.auditByAction(scope, event.action, event.occurredAt, event.eventId),
    type: 'audit',
    ...event,
  };
}

/** The Put that records `event`; add it to the transaction that makes the change. */
export function auditPut(tableName: string, scope: TenantScope, event: AuditEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: auditItem(scope, event),
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}
