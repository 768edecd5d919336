/** DynamoDB adapter of the ProjectStore port. Each write is one transaction with its audit event. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import {
  type CreateOutcome,
  type Project,
  type ProjectPage,
  type ProjectStatus,
  type ProjectStore,
  projectSchema,
} from '#shared/projects/model.ts';
import type { ExpectedVersion } from '#shared/versions.ts';
import { counterDecrement, counterIncrement } from './counters.ts';
import {
  type IdempotencyRequest,
  idempotencyPut,
  type StoredResponse,
  storedResponse,
} from './idempotency.ts';
import { sortKeyPrefixes, tenantKeys } from './keys.ts';
import { pageItemReader } from './page-items.ts';
import { checkedStartKey, queryTenantPrefix } from './page-keys.ts';
import { tableDesign } from './table-design.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { throwOnStaleVersion, versionedDelete, versionMatches } from './transaction-conditions.ts';
import { type TransactItem, transact } from './transactions.ts';

const readProjectPage = pageItemReader(projectSchema);

export class DynamoProjectStore implements ProjectStore {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  private item(scope: TenantScope, project: Project): Record<string, unknown> {
    return {
      ...tenantKeys.project(scope, project.projectId),
      ...tenantKeys.projectByStatus(scope, project.status, project.projectId),
      type: 'project',
      ...project,
    };
  }

  async create(
    scope: TenantScope,
    project: Project,
    options: {
      maxProjects: number;
      audit: AuditEvent;
      idempotency?: { request: IdempotencyRequest; response: StoredResponse };
    },
  ): Promise<CreateOutcome> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.item(scope, project),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      counterIncrement(this.tableName, scope, 'projects', options.maxProjects),
      auditPut(this.tableName, scope, options.audit),
    ];
    if (options.idempotency) {
      const { request, response } = options.idempotency;
      items.push(
        idempotencyPut(this.tableName, scope, request, response, new Date(project.createdAt)),
      );
    }
    const result = await transact(this.clientFor(scope), items);
    if (result.ok) return { kind: 'created' };
    // A replayed request reports its first outcome even if the tenant is at its limit now.
    if (result.failed.has(3)) return { kind: 'keyAlreadyUsed' };
    if (result.failed.has(1)) return { kind: 'limitReached' };
    throw new Error(`Project create failed on conditions ${[...result.failed.keys()].join(',')}`);
  }

  async get(scope: TenantScope, projectId: string): Promise<Project | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({ TableName: this.tableName, Key: tenantKeys.project(scope, projectId) }),
    );
    return Item ? projectSchema.parse(Item) : undefined;
  }

  async list(
    scope: TenantScope,
    query: { status?: ProjectStatus; limit: number; startKey?: PageKey },
  ): Promise<ProjectPage> {
    if (query.status === undefined) {
      return queryTenantPrefix(this.clientFor(scope), this.tableName, scope, {
        prefix: sortKeyPrefixes.project,
        limit: query.limit,
        ...(query.startKey && { startKey: query.startKey }),
        newestFirst: true,
        read: readProjectPage,
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
          ':pk': tenantKeys.projectByStatus(scope, query.status, '').GSI2PK,
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startKey && {
          ExclusiveStartKey: checkedStartKey(scope, query.startKey, gsi2.partitionKey),
        }),
      }),
    );
    return { items: (result.Items ?? []).map(readProjectPage), lastKey: result.LastEvaluatedKey };
  }

  async update(
    scope: TenantScope,
    updated: Project,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), [
      {
        Put: {
          TableName: this.tableName,
          Item: this.item(scope, updated),
          ConditionExpression: versionMatches,
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      auditPut(this.tableName, scope, audit),
    ]);
    throwOnStaleVersion(result, { name: 'project', notFoundMessage: 'Project not found' });
  }

  async delete(
    scope: TenantScope,
    projectId: string,
    expectedVersion: ExpectedVersion,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.clientFor(scope), [
      versionedDelete(this.tableName, tenantKeys.project(scope, projectId), expectedVersion),
      counterDecrement(this.tableName, scope, 'projects'),
      auditPut(this.tableName, scope, audit),
    ]);
    throwOnStaleVersion(result, { name: 'project', notFoundMessage: 'Project not found' });
  }

  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined> {
    return storedResponse(this.clientFor(scope), this.tableName, scope, request, now);
  }
}
