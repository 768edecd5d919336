/** DynamoDB adapter of the JobRecordStore port: `JOB#<id>` items in the tenant's main partition. */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import {
  type CreateJobOutcome,
  type JobRecord,
  type JobRecordChanges,
  type JobRecordPage,
  type JobRecordStore,
  jobRecordSchema,
} from '#shared/jobs/job-records.ts';
import { type AuditedCreate, transactCreate } from './audited-create.ts';
import { isConditionFailure } from './conditions.ts';
import {
  type IdempotencyRequest,
  idempotencyRecordKey,
  type StoredResponse,
  storedResponse,
} from './idempotency.ts';
import { sortKeyPrefixes, tenantKeys } from './keys.ts';
import { pageItemReader } from './page-items.ts';
import { queryTenantPrefix } from './page-keys.ts';
import type { TransactItem } from './transactions.ts';

/** The Put that creates a job record; add it to the transaction that starts the job. */
export function jobRecordPut(
  tableName: string,
  scope: TenantScope,
  record: JobRecord,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...tenantKeys.job(scope, record.jobId), type: 'job', ...record },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

const readJobRecordPage = pageItemReader(jobRecordSchema);

export class DynamoJobRecordStore implements JobRecordStore {
  constructor(
    /** The client for one tenant's items (on AWS: tenant-scoped credentials). */
    private readonly clientFor: (scope: TenantScope) => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(
    scope: TenantScope,
    record: JobRecord,
    options: AuditedCreate,
  ): Promise<CreateJobOutcome> {
    const result = await transactCreate(
      this.clientFor(scope),
      this.tableName,
      scope,
      { job: jobRecordPut(this.tableName, scope, record) },
      options,
    );
    if (result.kind !== 'refused') return result;
    throw new Error(`Job create failed on conditions ${[...result.failed].join(', ')}`);
  }

  async discard(
    scope: TenantScope,
    jobId: string,
    idempotency?: IdempotencyRequest,
  ): Promise<void> {
    await this.clientFor(scope).send(
      new DeleteCommand({ TableName: this.tableName, Key: tenantKeys.job(scope, jobId) }),
    );
    if (idempotency) {
      await this.clientFor(scope).send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: idempotencyRecordKey(scope, idempotency),
        }),
      );
    }
  }

  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined> {
    return storedResponse(this.clientFor(scope), this.tableName, scope, request, now);
  }

  async get(scope: TenantScope, jobId: string): Promise<JobRecord | undefined> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({ TableName: this.tableName, Key: tenantKeys.job(scope, jobId) }),
    );
    return Item ? jobRecordSchema.parse(Item) : undefined;
  }

  list(scope: TenantScope, query: { limit: number; startKey?: PageKey }): Promise<JobRecordPage> {
    return queryTenantPrefix(this.clientFor(scope), this.tableName, scope, {
      prefix: sortKeyPrefixes.job,
      ...query,
      newestFirst: true,
      read: readJobRecordPage,
    });
  }

  async update(
    scope: TenantScope,
    jobId: string,
    changes: JobRecordChanges,
    now: Date,
  ): Promise<boolean> {
    const entries = Object.entries({ ...changes, updatedAt: now.toISOString() }).filter(
      ([, value]) => value !== undefined,
    );
    const names = Object.fromEntries(entries.map(([field], index) => [`#f${index}`, field]));
    const values = Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value]));
    try {
      await this.clientFor(scope).send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKeys.job(scope, jobId),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :v${index}`).join(', ')} ADD version :one`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ...values, ':one': 1 },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
