/**
 * DynamoDB adapter of the TenantIndex port: one sparse tenant index on GSI1 (`TENANTS#ACTIVE#<shard>`
 * on tenant items, `TENANTS#BILLED#<shard>` on Stripe customer lookups), read shard by shard.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantIndex } from '#shared/jobs/tenant-fan-out.ts';
import { type TenantIndexName, tenantIndexPartition, tenantIndexShards } from './keys.ts';
import { tableDesign } from './table-design.ts';

export class DynamoTenantIndex implements TenantIndex {
  readonly shards = tenantIndexShards;

  constructor(
    /** The index spans tenants: a system client, never a tenant-scoped one. */
    private readonly client: () => DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly index: TenantIndexName,
  ) {}

  async *tenantIds(shard: number): AsyncIterable<readonly string[]> {
    const { gsi1 } = tableDesign.indexes;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: gsi1.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': gsi1.partitionKey, '#sk': gsi1.sortKey },
          ExpressionAttributeValues: { ':pk': tenantIndexPartition(this.index, shard) },
          ProjectionExpression: '#sk',
          ExclusiveStartKey: startKey,
        }),
      );
      const ids = (page.Items ?? []).map((item) => String(item[gsi1.sortKey]));
      if (ids.length > 0) yield ids;
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }
}
