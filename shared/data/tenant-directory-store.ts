/**
 * DynamoDB adapters of the control plane's reads: the tenant directory (GSI3, partition `TENANTS`)
 * and the email guards with the function's own role (they span tenants), and one tenant's
 * metadata — tenant item, members, newest audit event — with that tenant's scoped
 * credentials. Nothing here reads a tenant's application data (projects, exports).
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type {
  DirectoryFilter,
  TenantDirectory,
  TenantFacts,
  TenantFactsReader,
} from '#shared/platform/model.ts';
import { type Tenant, tenantSchema } from '#shared/tenants/model.ts';
import {
  globalKeys,
  sortKeyPrefixes,
  tenantDirectoryName,
  tenantDirectoryPartition,
  tenantKeys,
} from './keys.ts';
import { tableDesign } from './table-design.ts';
import type { TenantClientFactory } from './tenant-clients.ts';

const directoryIndex = tableDesign.indexes.gsi3;

export class DynamoTenantDirectory implements TenantDirectory {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async page(
    filter: DirectoryFilter,
    limit: number,
    startKey: PageKey | undefined,
  ): Promise<{ items: Tenant[]; lastKey: PageKey | undefined }> {
    if (
      startKey !== undefined &&
      startKey[directoryIndex.partitionKey] !== tenantDirectoryPartition
    ) {
      throw new ValidationError('Invalid cursor');
    }
    const values: Record<string, NativeAttributeValue> = { ':directory': tenantDirectoryPartition };
    const names: Record<string, string> = {
      '#pk': directoryIndex.partitionKey,
      '#sk': directoryIndex.sortKey,
    };
    let keyCondition = '#pk = :directory';
    if (filter.namePrefix !== undefined) {
      keyCondition += ' AND begins_with(#sk, :prefix)';
      values[':prefix'] = tenantDirectoryName(filter.namePrefix);
    }
    const filters: string[] = [];
    if (filter.plan !== undefined) {
      filters.push('#plan = :plan');
      names['#plan'] = 'plan';
      values[':plan'] = filter.plan;
    }
    if (filter.status !== undefined) {
      filters.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: directoryIndex.indexName,
        KeyConditionExpression: keyCondition,
        ...(filters.length > 0 && { FilterExpression: filters.join(' AND ') }),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        Limit: limit,
        ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => tenantSchema.parse(item)),
      lastKey: result.LastEvaluatedKey,
    };
  }

  async findEmail(email: string): Promise<{ tenantId: string; userId: string } | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: globalKeys.emailGuard(email) }),
    );
    if (typeof Item?.tenantId !== 'string' || typeof Item.userId !== 'string') return undefined;
    return { tenantId: Item.tenantId, userId: Item.userId };
  }
}

export class DynamoTenantFactsReader implements TenantFactsReader {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  async read(scope: TenantScope): Promise<TenantFacts | undefined> {
    const client = this.clientFor(scope);
    const [tenantItem, members, lastEvent] = await Promise.all([
      client.send(new GetCommand({ TableName: this.tableName, Key: tenantKeys.tenant(scope) })),
      this.members(client, scope),
      client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': tenantKeys.auditPartition(scope) },
          ProjectionExpression: 'occurredAt, #action',
          ExpressionAttributeNames: { '#action': 'action' },
          ScanIndexForward: false,
          Limit: 1,
        }),
      ),
    ]);
    if (!tenantItem.Item) return undefined;
    const event = lastEvent.Items?.[0];
    return {
      tenant: tenantSchema.parse(tenantItem.Item),
      members: members.count,
      ownerEmail: members.ownerEmail,
      lastActivity:
        typeof event?.occurredAt === 'string' && typeof event.action === 'string'
          ? { at: event.occurredAt, action: event.action }
          : undefined,
    };
  }

  /** Counts the member items (role and email only) and finds the owner among them. */
  private async members(
    client: DynamoDBDocumentClient,
    scope: TenantScope,
  ): Promise<{ count: number; ownerEmail: string | undefined }> {
    let count = 0;
    let ownerEmail: string | undefined;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: {
            ':pk': tenantKeys.partition(scope),
            ':prefix': sortKeyPrefixes.member,
          },
          ProjectionExpression: '#role, email',
          ExpressionAttributeNames: { '#role': 'role' },
          ...(startKey !== undefined && { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        count += 1;
        if (item.role === 'owner' && typeof item.email === 'string') ownerEmail = item.email;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return { count, ownerEmail };
  }
}
