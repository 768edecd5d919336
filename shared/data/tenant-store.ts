/** DynamoDB adapter of the TenantStore port: tenant item, member items and the global email guard. */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import {
  type Member,
  memberSchema,
  type Tenant,
  type TenantSettingsChange,
  type TenantStore,
  type TenantWithOwner,
  tenantSchema,
} from '#shared/tenants/model.ts';
import { globalKeys, type ItemKey, tenantKeys } from './keys.ts';
import { emailGuardPut, memberPut } from './member-items.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { throwOnStaleVersion, versionCondition } from './transaction-conditions.ts';
import { transact, unexpectedFailure } from './transactions.ts';

const notExists = 'attribute_not_exists(PK)';

export class DynamoTenantStore implements TenantStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  async createTenantWithOwner(
    scope: TenantScope,
    { tenant, owner }: TenantWithOwner,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      tenant: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...tenantKeys.tenant(scope),
            // In the active-tenant index from the start: the daily job enumerates that index.
            ...(tenant.status === 'active' && tenantKeys.activeTenant(scope)),
            // In the operators' tenant directory, by name.
            ...tenantKeys.tenantDirectoryEntry(scope, tenant.name),
            type: 'tenant',
            ...tenant,
          },
          ConditionExpression: notExists,
        },
      },
      owner: memberPut(this.tableName, scope, owner),
      emailGuard: emailGuardPut(this.tableName, scope, owner),
      // The owner takes the first seat; invitations and members count from here.
      counters: {
        Put: {
          TableName: this.tableName,
          Item: { ...tenantKeys.counters(scope), type: 'counters', seats: 1 },
          ConditionExpression: notExists,
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    if (result.ok) return;
    // The tenant id is new, so only the email can be taken.
    if (result.failed.has('emailGuard')) {
      throw new ConflictError('An account with this email already exists');
    }
    throw unexpectedFailure('Tenant sign-up', result);
  }

  async getTenantAndMember(
    scope: TenantScope,
    userId: string,
  ): Promise<{ tenant?: Tenant; member?: Member }> {
    const tenantKey = tenantKeys.tenant(scope);
    const memberKey = tenantKeys.member(scope, userId);
    const result = await this.clientFor(scope).send(
      new BatchGetCommand({
        RequestItems: { [this.tableName]: { Keys: [tenantKey, memberKey], ConsistentRead: true } },
      }),
    );
    const unprocessed = result.UnprocessedKeys?.[this.tableName]?.Keys?.length ?? 0;
    if (unprocessed > 0) {
      // Two small keys are only left unprocessed under throttling; read them one by one instead.
      return this.getOneByOne(scope, tenantKey, memberKey);
    }
    const items = result.Responses?.[this.tableName] ?? [];
    const tenantItem = items.find((item) => item.SK === tenantKey.SK);
    const memberItem = items.find((item) => item.SK === memberKey.SK);
    return {
      ...(tenantItem && { tenant: tenantSchema.parse(tenantItem) }),
      ...(memberItem && { member: memberSchema.parse(memberItem) }),
    };
  }

  async findEmailOwner(
    scope: TenantScope,
    email: string,
  ): Promise<{ tenantId: string; userId: string } | undefined> {
    const result = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.emailGuard(email),
        ConsistentRead: true,
      }),
    );
    if (!result.Item) return undefined;
    return { tenantId: String(result.Item.tenantId), userId: String(result.Item.userId) };
  }

  async updateSettings(
    scope: TenantScope,
    changes: TenantSettingsChange,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<Tenant> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {
      ':at': audit.occurredAt,
      ':next': expectedVersion + 1,
    };
    const sets = ['updatedAt = :at', 'version = :next'];
    if (changes.name !== undefined) {
      sets.push('#name = :name', 'GSI3PK = :directory', 'GSI3SK = :directoryName');
      names['#name'] = 'name';
      values[':name'] = changes.name;
      const entry = tenantKeys.tenantDirectoryEntry(scope, changes.name);
      values[':directory'] = entry.GSI3PK;
      values[':directoryName'] = entry.GSI3SK;
    }
    if (changes.requireMfa !== undefined) {
      sets.push('requireMfa = :requireMfa');
      values[':requireMfa'] = changes.requireMfa;
    }
    const result = await transact(this.clientFor(scope), {
      // An update, not a put: billing and offboarding own other attributes of this item.
      tenant: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ...versionCondition(expectedVersion, {
            ...(Object.keys(names).length > 0 && { names }),
            values,
          }),
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    throwOnStaleVersion(result, { name: 'tenant', notFoundMessage: 'Tenant not found' });
    const tenant = await this.getTenant(scope);
    if (!tenant) throw new NotFoundError('Tenant not found');
    return tenant;
  }

  async getTenant(scope: TenantScope): Promise<Tenant | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.tenant(scope),
        ConsistentRead: true,
      }),
    );
    return Item ? tenantSchema.parse(Item) : undefined;
  }

  async signOut(
    scope: TenantScope,
    userId: string,
    signedOutAt: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      member: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.member(scope, userId),
          // Never moves backwards, so a delayed retry cannot revive tokens of a later sign-out.
          UpdateExpression: 'SET signedOutAt = :at',
          ConditionExpression:
            'attribute_exists(PK) AND (attribute_not_exists(signedOutAt) OR signedOutAt < :at)',
          ExpressionAttributeValues: { ':at': signedOutAt },
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    // A condition failure means the member is gone (nothing to sign out) or already signed out
    // at or after this moment: either way every token of that moment is refused already.
    if (!result.ok && !result.failed.has('member')) {
      throw unexpectedFailure('Sign-out', result);
    }
  }

  private async getOneByOne(
    scope: TenantScope,
    tenantKey: ItemKey,
    memberKey: ItemKey,
  ): Promise<{ tenant?: Tenant; member?: Member }> {
    const [tenantResult, memberResult] = await Promise.all(
      [tenantKey, memberKey].map((Key) =>
        this.clientFor(scope).send(
          new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
        ),
      ),
    );
    return {
      ...(tenantResult?.Item && { tenant: tenantSchema.parse(tenantResult.Item) }),
      ...(memberResult?.Item && { member: memberSchema.parse(memberResult.Item) }),
    };
  }
}
