/**
 * The transaction of every audited, idempotent create: the caller's named items, the audit event,
 * and (when the request carried an Idempotency-Key) the record that replays its response. A replay
 * reports its first outcome whatever the state is now, so the idempotency record is decoded first.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { type IdempotencyRequest, idempotencyPut, type StoredResponse } from './idempotency.ts';
import { type NamedItems, transact } from './transactions.ts';

export interface AuditedCreate {
  readonly audit: AuditEvent;
  readonly idempotency?: {
    readonly request: IdempotencyRequest;
    readonly response: StoredResponse;
  };
}

export type CreateResult<N extends string> =
  | { readonly kind: 'created' }
  | { readonly kind: 'keyAlreadyUsed' }
  /** The names of the caller's items whose condition failed. */
  | { readonly kind: 'refused'; readonly failed: ReadonlySet<N | 'audit'> };

export async function transactCreate<N extends string>(
  client: DynamoDBDocumentClient,
  tableName: string,
  scope: TenantScope,
  /** Named anything but `audit` and `idempotency`, which this adds. */
  items: NamedItems<N>,
  { audit, idempotency }: AuditedCreate,
): Promise<CreateResult<N>> {
  const result = await transact<N | 'audit' | 'idempotency'>(client, {
    ...items,
    audit: auditPut(tableName, scope, audit),
    idempotency:
      idempotency &&
      idempotencyPut(
        tableName,
        scope,
        idempotency.request,
        idempotency.response,
        // The create's own instant, so the record expires 24 h after what it records.
        new Date(audit.occurredAt),
      ),
  });
  if (result.ok) return { kind: 'created' };
  if (result.failed.has('idempotency')) return { kind: 'keyAlreadyUsed' };
  return { kind: 'refused', failed: new Set(result.failed.keys()) as ReadonlySet<N | 'audit'> };
}
