/**
 * DynamoDB adapter of the ResourceStore port, for every tenant resource: items under the resource's
 * sort key prefix in the tenant's main partition, a counter per resource for its plan limit, and
 * an optional GSI2 entry per item for a listing filtered by one attribute.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import {
  type CreateOutcome,
  notFoundMessage,
  type ResourceMeta,
  type ResourcePage,
  type ResourceStore,
  type TenantResource,
} from '#shared/resources/model.ts';
import type { ExpectedVersion } from '#shared/versions.ts';
import { type AuditedCreate, transactCreate } from './audited-create.ts';
import { counterDecrement, counterIncrement } from './counters.ts';
import { type IdempotencyRequest, type StoredResponse, storedResponse } from './idempotency.ts';
import { tenantKeys } from './keys.ts';
import { type ItemReader, pageItemReader } from './page-items.ts';
import { checkedStartKey, queryTenantPrefix } from './page-keys.ts';
import { tableDesign } from './table-design.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import {
  throwOnStaleVersion,
  versionCondition,
  versionedDelete,
} from './transaction-conditions.ts';
import { transact } from './transactions.ts';

/** What the store needs of a resource's declaration. */
type Declared<R extends ResourceMeta> = Pick<
  TenantResource<R, never, unknown>,
  'name' | 'plural' | 'keyPrefix' | 'schema' | 'idOf' | 'filter'
>;

export class DynamoResourceStore<R extends ResourceMeta> implements ResourceStore<R> {
  private readonly readPage: ItemReader<R>;
  private readonly notFound: { readonly name: string; readonly notFoundMessage: string };

  constructor(
    private readonly resource: Declared<R>,
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {
    this.readPage = pageItemReader(resource.schema) as ItemReader<R>;
    this.notFound = { name: resource.name, notFoundMessage: notFoundMessage(resource) };
  }

  async create(
    scope: TenantScope,
    record: R,
    options: AuditedCreate & { readonly max: number },
  ): Promise<CreateOutcome> {
    const { name, plural } = this.resource;
    const result = await transactCreate(
      this.clientFor(scope),
      this.tableName,
      scope,
      {
        [name]: {
          Put: {
            TableName: this.tableName,
            Item: this.item(scope, record),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        [plural]: counterIncrement(this.tableName, scope, plural, options.max),
      },
      options,
    );
    if (result.kind !== 'refused') return result;
    if (result.failed.has(plural)) return { kind: 'limitReached' };
    throw new Error(`Creating a ${name} failed on conditions ${[...result.failed].join(', ')}`);
  }

  async get(scope: TenantScope, id: string): Promise<R | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({ TableName: this.tableName, Key: this.key(scope, id) }),
    );
    return Item ? this.resource.schema.parse(Item) : undefined;
  }

  async list(
    scope: TenantScope,
    query: { readonly filter?: string; readonly limit: number; readonly startKey?: PageKey },
  ): Promise<ResourcePage<R>> {
    const { filter } = this.resource;
    if (query.filter === undefined || filter === undefined) {
      return queryTenantPrefix(this.clientFor(scope), this.tableName, scope, {
        prefix: this.resource.keyPrefix,
        limit: query.limit,
        ...(query.startKey && { startKey: query.startKey }),
        newestFirst: true,
        read: this.readPage,
      });
    }
    const { gsi2 } = tableDesign.indexes;
    const result = await this.clientFor(scope).send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: gsi2.indexName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': gsi2.partitionKey },
        ExpressionAttributeValues: {
          ':pk': tenantKeys.resourceByAttribute(scope, filter.index, query.filter, '').GSI2PK,
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startKey && {
          ExclusiveStartKey: checkedStartKey(scope, query.startKey, gsi2.partitionKey),
        }),
      }),
    );
    return { items: (result.Items ?? []).map(this.readPage), lastKey: result.LastEvaluatedKey };
  }

  async update(
    scope: TenantScope,
    updated: R,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      [this.resource.name]: {
        Put: {
          TableName: this.tableName,
          Item: this.item(scope, updated),
          ...versionCondition(expectedVersion),
        },
      },
      audit: auditPut(this.tableName, scope, audit),
    });
    throwOnStaleVersion(result, this.notFound);
  }

  async delete(
    scope: TenantScope,
    id: string,
    expectedVersion: ExpectedVersion,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), {
      [this.resource.name]: versionedDelete(this.tableName, this.key(scope, id), expectedVersion),
      [this.resource.plural]: counterDecrement(this.tableName, scope, this.resource.plural),
      audit: auditPut(this.tableName, scope, audit),
    });
    throwOnStaleVersion(result, this.notFound);
  }

  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined> {
    return storedResponse(this.clientFor(scope), this.tableName, scope, request, now);
  }

  private key(scope: TenantScope, id: string) {
    return tenantKeys.resource(scope, this.resource.keyPrefix, id);
  }

  private item(scope: TenantScope, record: R): Record<string, unknown> {
    const { filter } = this.resource;
    const id = this.resource.idOf(record);
    return {
      ...this.key(scope, id),
      ...(filter &&
        tenantKeys.resourceByAttribute(scope, filter.index, String(record[filter.attribute]), id)),
      type: this.resource.name,
      ...record,
    };
  }
}
