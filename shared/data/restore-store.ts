/**
 * DynamoDB adapter of the RestoreStore port: reads one tenant's partitions and the global items
 * they name from a restored copy of the table ("source") or the live table, and writes the live
 * table only. It runs with an operator's credentials (the restore CLI), never in a Lambda.
 */
import {
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
} from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditItem } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { TenantPartition } from '#shared/offboarding/model.ts';
import type { RestoreStore, Side, StoredItem, TableFacts } from '#shared/restore/model.ts';
import { batchWrite } from './batch-write.ts';
import { isConditionFailure } from './conditions.ts';
import { type ItemKey, tenantKeys, tenantPartitionSuffixes } from './keys.ts';

export class DynamoRestoreStore implements RestoreStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tables: Readonly<Record<Side, string>>,
  ) {
    this.documents = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  async describe(side: Side): Promise<TableFacts | undefined> {
    try {
      const { Table } = await this.client.send(
        new DescribeTableCommand({ TableName: this.tables[side] }),
      );
      const types = new Map(
        (Table?.AttributeDefinitions ?? []).map((definition) => [
          definition.AttributeName,
          definition.AttributeType,
        ]),
      );
      const summary = Table?.RestoreSummary;
      return {
        name: this.tables[side],
        keySchema: (Table?.KeySchema ?? [])
          .map((key) => `${key.AttributeName} ${key.KeyType} ${types.get(key.AttributeName)}`)
          .join(', '),
        status: Table?.TableStatus ?? 'UNKNOWN',
        ...(summary?.RestoreDateTime && {
          restoredFrom: {
            at: summary.RestoreDateTime,
            source: summary.SourceBackupArn ?? summary.SourceTableArn ?? 'unknown',
            inProgress: summary.RestoreInProgress === true,
          },
        }),
      };
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  }

  async partitionItems(
    side: Side,
    scope: TenantScope,
    partition: TenantPartition,
  ): Promise<StoredItem[]> {
    const items: StoredItem[] = [];
    const pages = paginateQuery(
      { client: this.documents },
      {
        TableName: this.tables[side],
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: {
          ':pk': `${tenantKeys.partition(scope)}${tenantPartitionSuffixes[partition]}`,
        },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...((page.Items ?? []) as StoredItem[]));
    return items;
  }

  async globalItem(side: Side, key: ItemKey): Promise<StoredItem | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({ TableName: this.tables[side], Key: key, ConsistentRead: true }),
    );
    return Item as StoredItem | undefined;
  }

  async writeItems(
    _scope: TenantScope,
    change: { readonly puts: readonly StoredItem[]; readonly deletes: readonly ItemKey[] },
  ): Promise<void> {
    await batchWrite(this.documents, this.tables.live, change);
  }

  async putGlobalItem(scope: TenantScope, item: StoredItem): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tables.live,
          Item: item,
          ConditionExpression: 'attribute_not_exists(PK) OR tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': scope.tenantId },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async deleteGlobalItem(scope: TenantScope, key: ItemKey): Promise<void> {
    try {
      await this.documents.send(
        new DeleteCommand({
          TableName: this.tables.live,
          Key: key,
          ConditionExpression: 'tenantId = :tenantId',
          ExpressionAttributeValues: { ':tenantId': scope.tenantId },
        }),
      );
    } catch (error) {
      // Gone already, or another tenant's by now: either way not ours to delete.
      if (!isConditionFailure(error)) throw error;
    }
  }

  async recordAudit(scope: TenantScope, event: AuditEvent): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.tables.live,
        Item: auditItem(scope, event),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }
}
