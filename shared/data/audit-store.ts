/** DynamoDB adapter of the AuditStore port: the tenant's audit partition and its by-action index. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditItem } from '#shared/audit/audit-log.ts';
import { type AuditPage, type AuditStore, storedAuditEventSchema } from '#shared/audit/model.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import { tenantKeys } from './keys.ts';
import { pageItemReader } from './page-items.ts';
import { checkedStartKey } from './page-keys.ts';
import { tableDesign } from './table-design.ts';
import type { TenantClientFactory } from './tenant-clients.ts';

const readAuditPage = pageItemReader(storedAuditEventSchema);

export class DynamoAuditStore implements AuditStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  async record(scope: TenantScope, event: AuditEvent): Promise<void> {
    await this.clientFor(scope).send(
      new PutCommand({
        TableName: this.tableName,
        Item: auditItem(scope, event),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async list(
    scope: TenantScope,
    query: { action?: string; limit: number; startKey?: PageKey },
  ): Promise<AuditPage> {
    const { gsi1 } = tableDesign.indexes;
    const byAction = query.action !== undefined;
    const result = await this.clientFor(scope).send(
      new QueryCommand({
        TableName: this.tableName,
        ...(query.action !== undefined
          ? {
              IndexName: gsi1.indexName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': gsi1.partitionKey },
              ExpressionAttributeValues: {
                ':pk': tenantKeys.auditByAction(scope, query.action, '', '').GSI1PK,
              },
            }
          : {
              KeyConditionExpression: 'PK = :pk',
              ExpressionAttributeValues: { ':pk': tenantKeys.auditPartition(scope) },
            }),
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startKey && {
          ExclusiveStartKey: checkedStartKey(
            scope,
            query.startKey,
            byAction ? gsi1.partitionKey : tableDesign.partitionKey,
          ),
        }),
      }),
    );
    return {
      items: (result.Items ?? []).map(readAuditPage),
      lastKey: result.LastEvaluatedKey,
    };
  }
}
