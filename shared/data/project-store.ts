/** DynamoDB adapter of the ProjectStore port. Each write is one transaction with its audit event. */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditPut } from '../audit/audit-log.ts';
import type { TenantScope } from '../auth/tenant-context.ts';
import { NotFoundError, PreconditionFailedError, ValidationError } from '../errors.ts';
import type { PageKey } from '../http/cursor.ts';
import {
  type CreateOutcome,
  type Project,
  type ProjectPage,
  type ProjectStatus,
  type ProjectStore,
  projectSchema,
} from '../projects/model.ts';
import {
  type IdempotencyRequest,
  idempotencyPut,
  type StoredResponse,
  storedResponse,
} from './idempotency.ts';
import { sortKeyPrefixes, tenantKeys } from './keys.ts';
import { tableDesign } from './table-design.ts';
import { type TransactItem, type TransactionResult, transact } from './transactions.ts';

const versionMatches = 'attribute_exists(PK) AND version = :expected';

export class DynamoProjectStore implements ProjectStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
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
      {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.counters(scope),
          UpdateExpression: 'ADD projects :one',
          ConditionExpression: 'attribute_not_exists(projects) OR projects < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': options.maxProjects },
        },
      },
      auditPut(this.tableName, scope, options.audit),
    ];
    if (options.idempotency) {
      const { request, response } = options.idempotency;
      items.push(
        idempotencyPut(this.tableName, scope, request, response, new Date(project.createdAt)),
      );
    }
    const result = await transact(this.client, items);
    if (result.ok) return { kind: 'created' };
    // A replayed request reports its first outcome even if the tenant is at its limit now.
    if (result.failed.has(3)) return { kind: 'keyAlreadyUsed' };
    if (result.failed.has(1)) return { kind: 'limitReached' };
    throw new Error(`Project create failed on conditions ${[...result.failed.keys()].join(',')}`);
  }

  async get(scope: TenantScope, projectId: string): Promise<Project | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: tenantKeys.project(scope, projectId) }),
    );
    return Item ? projectSchema.parse(Item) : undefined;
  }

  async list(
    scope: TenantScope,
    query: { status?: ProjectStatus; limit: number; startKey?: PageKey },
  ): Promise<ProjectPage> {
    const { gsi2 } = tableDesign.indexes;
    const byStatus = query.status !== undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ...(query.status !== undefined
          ? {
              IndexName: gsi2.indexName,
              KeyConditionExpression: '#pk = :pk',
              ExpressionAttributeNames: { '#pk': gsi2.partitionKey },
              ExpressionAttributeValues: {
                ':pk': tenantKeys.projectByStatus(scope, query.status, '').GSI2PK,
              },
            }
          : {
              KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
              ExpressionAttributeValues: {
                ':pk': tenantKeys.partition(scope),
                ':prefix': sortKeyPrefixes.project,
              },
            }),
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.startKey && {
          ExclusiveStartKey: this.checkedStartKey(scope, query.startKey, byStatus),
        }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => projectSchema.parse(item)),
      lastKey: result.LastEvaluatedKey,
    };
  }

  async update(
    scope: TenantScope,
    updated: Project,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.client, [
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
    this.throwOnStaleVersion(result);
  }

  async delete(
    scope: TenantScope,
    projectId: string,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void> {
    const result = await transact(this.client, [
      {
        Delete: {
          TableName: this.tableName,
          Key: tenantKeys.project(scope, projectId),
          ConditionExpression: versionMatches,
          ExpressionAttributeValues: { ':expected': expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.counters(scope),
          UpdateExpression: 'ADD projects :minusOne',
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
      auditPut(this.tableName, scope, audit),
    ]);
    this.throwOnStaleVersion(result);
  }

  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined> {
    return storedResponse(this.client, this.tableName, scope, request, now);
  }

  private throwOnStaleVersion(result: TransactionResult): void {
    if (result.ok) return;
    if (!result.failed.has(0)) throw new Error('Project write failed on an unexpected condition');
    const current = result.failed.get(0);
    if (current === undefined) throw new NotFoundError('Project not found');
    throw new PreconditionFailedError('The project has changed since you read it', {
      currentVersion: current.version,
    });
  }

  /**
   * The cursor is sealed and bound to the tenant already; this re-checks that its key lies in the
   * caller's own partition, so even a leaked cursor secret could not page into another tenant.
   */
  private checkedStartKey(scope: TenantScope, key: PageKey, byStatus: boolean): PageKey {
    const partition = byStatus ? key[tableDesign.indexes.gsi2.partitionKey] : key.PK;
    const prefix = tenantKeys.partition(scope);
    if (
      typeof partition !== 'string' ||
      (partition !== prefix && !partition.startsWith(`${prefix}#`))
    ) {
      throw new ValidationError('Invalid cursor');
    }
    return key;
  }
}
