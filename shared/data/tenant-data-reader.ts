/**
 * DynamoDB adapter of the TenantDataReader port: Queries every partition of a tenant that holds its
 * data, page by page. No Scan: the partitions come from tenantPartitionSuffixes.
 */
import {
  type DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { ExportedItem, TenantDataReader } from '#shared/exports/model.ts';
import { tenantKeys, tenantPartitionSuffixes } from './keys.ts';
import { tableDesign } from './table-design.ts';

/**
 * Which partitions an export contains. A Record over every suffix, so a new partition does not
 * compile until someone decides whether it is the tenant's data.
 */
const exported: Readonly<Record<keyof typeof tenantPartitionSuffixes, boolean>> = {
  main: true,
  audit: true,
  // Cached API responses: plumbing, and they expire within a day.
  idempotency: false,
  // Worker claim markers: plumbing.
  jobRuns: false,
  usage: true,
  // Limiter bookkeeping (bucket state, request counts): billing reads it, an export is the data.
  limit: false,
  // Hashed one-time codes and MFA sign-in state: secrets' plumbing, and short-lived.
  accounts: false,
  // What the tenant costs us and earns us: the operator's figures, not the tenant's data.
  cost: false,
  // Where reporting to Stripe's meters stands: billing's bookkeeping of the limiter's counts.
  meter: false,
};

const keyAttributes = new Set<string>([
  tableDesign.partitionKey,
  tableDesign.sortKey,
  ...Object.values(tableDesign.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
]);

function exportedPartitions(scope: TenantScope): string[] {
  const base = tenantKeys.partition(scope);
  return (Object.keys(exported) as (keyof typeof tenantPartitionSuffixes)[])
    .filter((name) => exported[name])
    .map((name) => `${base}${tenantPartitionSuffixes[name]}`);
}

function toExported(item: Record<string, unknown>): ExportedItem {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!keyAttributes.has(name) && name !== 'type') data[name] = value;
  }
  return { type: typeof item.type === 'string' ? item.type : 'item', data };
}

export class DynamoTenantDataReader implements TenantDataReader {
  constructor(
    /** The client for one tenant's items (on AWS: tenant-scoped credentials). */
    private readonly clientFor: (scope: TenantScope) => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async count(scope: TenantScope): Promise<number> {
    let total = 0;
    for (const partition of exportedPartitions(scope)) {
      for await (const page of this.partitionPages(scope, partition, { Select: 'COUNT' })) {
        total += page.Count ?? 0;
      }
    }
    return total;
  }

  async *pages(scope: TenantScope, pageSize: number): AsyncIterable<readonly ExportedItem[]> {
    for (const partition of exportedPartitions(scope)) {
      for await (const page of this.partitionPages(scope, partition, { Limit: pageSize })) {
        const items = (page.Items ?? []).map(toExported);
        if (items.length > 0) yield items;
      }
    }
  }

  /** Every page of one partition, with the SDK's paginator following LastEvaluatedKey. */
  private partitionPages(
    scope: TenantScope,
    partition: string,
    options: Pick<QueryCommandInput, 'Select' | 'Limit'>,
  ): AsyncIterable<QueryCommandOutput> {
    return paginateQuery(
      { client: this.clientFor(scope) },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ...options,
      },
    );
  }
}
