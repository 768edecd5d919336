/** DynamoDB adapter of the MemberStore port. Each write is one transaction with its audit event. */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ConflictError } from '#shared/errors.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { MemberPage, MemberStore } from '#shared/members/model.ts';
import { type Member, memberSchema } from '#shared/tenants/model.ts';
import { counterDecrement } from './counters.ts';
import { sortKeyPrefixes, tenantKeys } from './keys.ts';
import { pageItemReader } from './page-items.ts';
import { queryTenantPrefix } from './page-keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import {
  throwOnStaleVersion,
  versionCondition,
  versionedDelete,
} from './transaction-conditions.ts';
import { type TransactItem, transact } from './transactions.ts';

const readMemberPage = pageItemReader(memberSchema);

export class DynamoMemberStore implements MemberStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  async get(scope: TenantScope, userId: string): Promise<Member | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.member(scope, userId),
        ConsistentRead: true,
      }),
    );
    return Item ? memberSchema.parse(Item) : undefined;
  }

  list(scope: TenantScope, query: { limit: number; startKey?: PageKey }): Promise<MemberPage> {
    return queryTenantPrefix(this.clientFor(scope), this.tableName, scope, {
      prefix: sortKeyPrefixes.member,
      ...query,
      newestFirst: false,
      read: readMemberPage,
    });
  }

  async changeRole(
    scope: TenantScope,
    member: Member,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      // An update, not a put: signedOutAt belongs to the member's own sessions.
      member: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.member(scope, member.userId),
          UpdateExpression: 'SET #role = :role, updatedAt = :at, version = :next',
          ...versionCondition(expectedVersion, {
            names: { '#role': 'role' },
            values: { ':role': member.role, ':at': member.updatedAt, ':next': member.version },
          }),
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    throwOnStaleVersion(result, { name: 'member', notFoundMessage: 'User not found' });
  }

  async remove(
    scope: TenantScope,
    userId: string,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      member: versionedDelete(this.tableName, tenantKeys.member(scope, userId), expectedVersion),
      seats: counterDecrement(this.tableName, scope, 'seats'),
      audit: auditPut(this.tableName, scope, audit),
    });
    throwOnStaleVersion(result, { name: 'member', notFoundMessage: 'User not found' });
  }

  async transferOwnership(
    scope: TenantScope,
    { from, to }: { from: Member; to: Member },
    audit: AuditEvent,
  ): Promise<void> {
    const roleChange = (member: Member, role: Member['role']): TransactItem => ({
      Update: {
        TableName: this.tableName,
        Key: tenantKeys.member(scope, member.userId),
        UpdateExpression: 'SET #role = :role, updatedAt = :at, version = :next',
        // Both as they were read: a concurrent change to either makes the transfer a 409.
        ...versionCondition(member.version, {
          names: { '#role': 'role', '#status': 'status' },
          values: {
            ':role': role,
            ':was': member.role,
            ':active': 'active',
            ':at': audit.occurredAt,
            ':next': member.version + 1,
          },
          alsoRequire: '#role = :was AND #status = :active',
        }),
      },
    });
    const result = await transact(this.clientFor(scope), {
      newOwner: roleChange(to, 'owner'),
      oldOwner: roleChange(from, 'admin'),
      audit: auditPut(this.tableName, scope, audit),
    });
    if (!result.ok) {
      throw new ConflictError('A member changed during the transfer; read them again and retry');
    }
  }
}
