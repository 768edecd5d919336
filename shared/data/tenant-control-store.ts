/**
 * DynamoDB adapter of what operators change on a tenant item: its status between active and
 * suspended, its complimentary plan and its overrides — each in one transaction with the tenant's
 * own audit event, through the tenant's scoped credentials. Not part of `version`: an operator's
 * change never makes a tenant admin's ETag of their settings stale.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import type {
  SuspendableStatus,
  TenantControlStore,
  TenantOverridesChange,
} from '#shared/platform/model.ts';
import type { ComplimentaryPlan } from '#shared/tenants/model.ts';
import { tenantKeys } from './keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { transact, unexpectedFailure } from './transactions.ts';

export class DynamoTenantControlStore implements TenantControlStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  changeStatus(
    scope: TenantScope,
    from: SuspendableStatus,
    to: SuspendableStatus,
    audit: AuditEvent,
  ): Promise<void> {
    return this.update(scope, audit, {
      set: { status: to },
      condition: '#status = :from',
      values: { ':from': from },
      conflict: `The tenant is not ${from}`,
    });
  }

  setComplimentaryPlan(
    scope: TenantScope,
    plan: ComplimentaryPlan,
    audit: AuditEvent,
  ): Promise<void> {
    return this.update(scope, audit, {
      set: { complimentaryPlan: plan },
      condition: '#status <> :deleting',
      values: { ':deleting': 'deleting' },
      conflict: 'The tenant is being deleted',
    });
  }

  setOverrides(
    scope: TenantScope,
    { limits, features }: TenantOverridesChange,
    audit: AuditEvent,
  ): Promise<void> {
    return this.update(scope, audit, {
      set: { ...(limits && { limits }), ...(features && { features }) },
      remove: [...(limits ? [] : ['limits']), ...(features ? [] : ['features'])],
      condition: '#status <> :deleting',
      values: { ':deleting': 'deleting' },
      conflict: 'The tenant is being deleted',
    });
  }

  private async update(
    scope: TenantScope,
    audit: AuditEvent,
    change: {
      readonly set: Readonly<Record<string, NativeAttributeValue>>;
      readonly remove?: readonly string[];
      readonly condition: string;
      readonly values: Readonly<Record<string, NativeAttributeValue>>;
      readonly conflict: string;
    },
  ): Promise<void> {
    const names: Record<string, string> = { '#status': 'status' };
    const values: Record<string, NativeAttributeValue> = {
      ...change.values,
      ':at': audit.occurredAt,
    };
    const sets = ['updatedAt = :at'];
    for (const [index, [name, value]] of Object.entries(change.set).entries()) {
      names[`#set${index}`] = name;
      values[`:set${index}`] = value;
      sets.push(`#set${index} = :set${index}`);
    }
    const removes = (change.remove ?? []).map((name, index) => {
      names[`#remove${index}`] = name;
      return `#remove${index}`;
    });
    const result = await transact(this.clientFor(scope), {
      tenant: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: `attribute_exists(PK) AND ${change.condition}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    if (result.ok) return;
    if (result.failed.has('tenant')) {
      if (result.failed.get('tenant') === undefined) throw new NotFoundError('Tenant not found');
      throw new ConflictError(change.conflict);
    }
    throw unexpectedFailure('Tenant control change', result);
  }
}
