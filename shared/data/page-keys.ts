/** Pages of a tenant's items: one Query per page, resuming only inside the caller's own partitions. */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import { tenantKeys } from './keys.ts';
import type { ItemReader } from './page-items.ts';
import { tableDesign } from './table-design.ts';

/**
 * The cursor is sealed and bound to the tenant already; this re-checks that the partition it
 * resumes in is the caller's own, so even a leaked cursor secret could not page into another tenant.
 */
export function checkedStartKey(
  scope: TenantScope,
  key: PageKey,
  partitionAttribute: string,
): PageKey {
  const partition = key[partitionAttribute];
  const own = tenantKeys.partition(scope);
  if (typeof partition !== 'string' || (partition !== own && !partition.startsWith(`${own}#`))) {
    throw new ValidationError('Invalid cursor');
  }
  return key;
}

/** One page of the tenant's items in its main partition whose sort key starts with `prefix`. */
export async function queryTenantPrefix<T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  scope: TenantScope,
  options: {
    readonly prefix: string;
    readonly limit: number;
    readonly startKey?: PageKey;
    /** Ids are ULIDs, so descending sort keys list the newest first. */
    readonly newestFirst: boolean;
    readonly read: ItemReader<T>;
  },
): Promise<{ items: T[]; lastKey: PageKey | undefined }> {
  const { startKey } = options;
  if (startKey && !(typeof startKey.SK === 'string' && startKey.SK.startsWith(options.prefix))) {
    // Also refuses a key of the caller's own partition that lies outside this listing.
    throw new ValidationError('Invalid cursor');
  }
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': tenantKeys.partition(scope), ':prefix': options.prefix },
      ScanIndexForward: !options.newestFirst,
      Limit: options.limit,
      ...(startKey && {
        ExclusiveStartKey: checkedStartKey(scope, startKey, tableDesign.partitionKey),
      }),
    }),
  );
  return { items: (result.Items ?? []).map(options.read), lastKey: result.LastEvaluatedKey };
}
