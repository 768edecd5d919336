/**
 * DynamoDB adapter of the OffboardingStore port. Tenant items are read and deleted with the tenant's
 * client; the global items the tenant owned (email guards) and its tombstone with the system client,
 * whose credentials on AWS reach those global partitions only.
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { JobRecord } from '#shared/jobs/job-records.ts';
import type {
  BeginOutcome,
  OffboardingCounts,
  OffboardingStore,
  OffboardingTenant,
  StoredItem,
  TenantPartition,
  Tombstone,
} from '#shared/offboarding/model.ts';
import { tenantSchema } from '#shared/tenants/model.ts';
import { batchWrite } from './batch-write.ts';
import { isConditionFailure } from './conditions.ts';
import { jobRecordPut } from './job-record-store.ts';
import { globalKeys, type ItemKey, tenantKeys, tenantPartitionSuffixes } from './keys.ts';
import { transact, unexpectedFailure } from './transactions.ts';

export class DynamoOffboardingStore implements OffboardingStore {
  constructor(
    private readonly clientFor: (scope: TenantScope) => DynamoDBDocumentClient,
    /** For global items (email guards, tombstones), never for tenant partitions. */
    private readonly systemClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
    /** Base of the jittered exponential backoff between BatchWriteItem retries. */
    private readonly retryBaseMs = 50,
  ) {}

  async getTenant(scope: TenantScope): Promise<OffboardingTenant | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.tenant(scope),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    const offboarded =
      typeof Item.offboardedItems === 'number'
        ? {
            items: Number(Item.offboardedItems ?? 0),
            users: Number(Item.offboardedUsers ?? 0),
            files: Number(Item.offboardedFiles ?? 0),
          }
        : undefined;
    return {
      ...tenantSchema.parse(Item),
      ...(typeof Item.deletionRequestedAt === 'string' && {
        deletionRequestedAt: Item.deletionRequestedAt,
      }),
      ...(offboarded && { offboarded }),
    };
  }

  async beginOffboarding(
    scope: TenantScope,
    change: { expectedVersion: number; record: JobRecord; audit: AuditEvent; now: Date },
  ): Promise<BeginOutcome> {
    const result = await transact(this.clientFor(scope), {
      tenant: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          // Out of the active-tenant index at once: no scheduled job starts for it any more. A
          // suspended tenant can be offboarded too (by an operator); a cancel restores its status.
          UpdateExpression:
            'SET #status = :deleting, statusBeforeDeletion = #status, updatedAt = :now, deletionRequestedAt = :now, deletionRequestedBy = :by, deletionJobId = :job, offboardedItems = :zero, offboardedUsers = :zero, offboardedFiles = :zero REMOVE GSI1PK, GSI1SK ADD version :one',
          ConditionExpression: '#status IN (:active, :suspended) AND version = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':deleting': 'deleting',
            ':active': 'active',
            ':suspended': 'suspended',
            ':now': change.now.toISOString(),
            ':by': change.record.requestedBy,
            ':job': change.record.jobId,
            ':zero': 0,
            ':one': 1,
            ':expected': change.expectedVersion,
          },
        },
      },
      job: jobRecordPut(this.tableName, scope, change.record),
      audit: auditPut(this.tableName, scope, change.audit),
    });
    if (result.ok) return 'started';
    if (result.failed.has('tenant')) return 'changed';
    throw unexpectedFailure('Offboarding start', result);
  }

  async cancelOffboarding(scope: TenantScope, jobId: string, now: Date): Promise<void> {
    await transact(this.clientFor(scope), {
      tenant: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression:
            'SET #status = if_not_exists(statusBeforeDeletion, :active), updatedAt = :now, GSI1PK = :gsi1pk, GSI1SK = :gsi1sk REMOVE statusBeforeDeletion, deletionRequestedAt, deletionRequestedBy, deletionJobId, offboardedItems, offboardedUsers, offboardedFiles ADD version :one',
          ConditionExpression: '#status = :deleting AND deletionJobId = :job',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':deleting': 'deleting',
            ':job': jobId,
            ':now': now.toISOString(),
            ':one': 1,
            ':gsi1pk': tenantKeys.activeTenant(scope).GSI1PK,
            ':gsi1sk': tenantKeys.activeTenant(scope).GSI1SK,
          },
        },
      },
      job: { Delete: { TableName: this.tableName, Key: tenantKeys.job(scope, jobId) } },
    });
  }

  async firstItems(
    scope: TenantScope,
    partition: TenantPartition,
    limit: number,
  ): Promise<StoredItem[]> {
    const tenantKey = tenantKeys.tenant(scope);
    const result = await this.clientFor(scope).send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': `${tenantKeys.partition(scope)}${tenantPartitionSuffixes[partition]}`,
        },
        // One more than asked, so the tenant item never takes the place of a deletable one.
        Limit: limit + 1,
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? [])
      .filter((item) => !(item.PK === tenantKey.PK && item.SK === tenantKey.SK))
      .slice(0, limit) as StoredItem[];
  }

  async deleteItems(scope: TenantScope, keys: readonly ItemKey[]): Promise<void> {
    await batchWrite(this.clientFor(scope), this.tableName, { deletes: keys }, this.retryBaseMs);
  }

  async deleteOwnedGlobalItem(scope: TenantScope, key: ItemKey): Promise<void> {
    try {
      await this.systemClient().send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: key,
          ConditionExpression: 'attribute_not_exists(tenantId) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': scope.tenantId },
        }),
      );
    } catch (error) {
      // It belongs to another tenant now (the email was freed and taken again): leave it.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async addCounts(scope: TenantScope, counts: Partial<OffboardingCounts>): Promise<void> {
    try {
      await this.clientFor(scope).send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          UpdateExpression:
            'ADD offboardedItems :items, offboardedUsers :users, offboardedFiles :files',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':items': counts.items ?? 0,
            ':users': counts.users ?? 0,
            ':files': counts.files ?? 0,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async writeTombstone(scope: TenantScope, tombstone: Tombstone): Promise<void> {
    try {
      await this.systemClient().send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...globalKeys.tombstone(scope), type: 'tombstone', ...tombstone },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      // A resumed run that crashed after writing it: the first one stands.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async readTombstone(scope: TenantScope): Promise<Tombstone | undefined> {
    const { Item } = await this.systemClient().send(
      new GetCommand({
        TableName: this.tableName,
        Key: globalKeys.tombstone(scope),
        ConsistentRead: true,
      }),
    );
    return Item as Tombstone | undefined;
  }

  async deleteTenantItem(scope: TenantScope): Promise<void> {
    try {
      await this.clientFor(scope).send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: tenantKeys.tenant(scope),
          ConditionExpression: '#status = :deleting',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':deleting': 'deleting' },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
