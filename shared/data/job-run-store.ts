/** DynamoDB adapter of the JobRunStore port: one marker item per job in the tenant's #JOBRUN partition. */
import { DeleteCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import {
  type ClaimOutcome,
  type JobClaim,
  type JobRunStore,
  jobRunRetentionSeconds,
} from '#shared/jobs/job-runs.ts';
import { isConditionFailure } from './conditions.ts';
import { tenantKeys } from './keys.ts';
import { tenantIsActive } from './transaction-conditions.ts';
import { transact } from './transactions.ts';

export class DynamoJobRunStore implements JobRunStore {
  constructor(
    /** The client for one tenant's items (on AWS: tenant-scoped credentials). */
    private readonly clientFor: (scope: TenantScope) => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async claim(scope: TenantScope, claim: JobClaim): Promise<ClaimOutcome> {
    const nowSeconds = Math.floor(claim.now.getTime() / 1000);
    const result = await transact(this.clientFor(scope), {
      // A job of a tenant being deleted (or gone) must not write a marker into its partition.
      tenantActive: tenantIsActive(this.tableName, scope),
      run: {
        Put: {
          TableName: this.tableName,
          Item: {
            ...tenantKeys.jobRun(scope, claim.jobId),
            type: 'jobRun',
            kind: claim.kind,
            status: 'running',
            owner: claim.owner,
            leaseUntil: claim.leaseUntil,
            claimedAt: claim.now.toISOString(),
            expiresAt: nowSeconds + jobRunRetentionSeconds,
          },
          // Free when absent, expired (TTL deletes lazily), or held by a claim whose lease lapsed.
          ConditionExpression:
            'attribute_not_exists(PK) OR expiresAt < :nowSeconds OR (#status = :running AND leaseUntil < :nowMs)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':nowSeconds': nowSeconds,
            ':nowMs': claim.now.getTime(),
            ':running': 'running',
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    });
    if (result.ok) return { kind: 'claimed' };
    if (result.failed.has('tenantActive')) return { kind: 'tenantInactive' };
    const current = result.failed.get('run');
    return current?.status === 'done' ? { kind: 'done' } : { kind: 'busy' };
  }

  async complete(scope: TenantScope, claim: JobClaim, finishedAt: Date): Promise<boolean> {
    try {
      await this.clientFor(scope).send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: tenantKeys.jobRun(scope, claim.jobId),
          UpdateExpression: 'SET #status = :done, finishedAt = :finishedAt REMOVE leaseUntil',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':done': 'done',
            ':finishedAt': finishedAt.toISOString(),
            ':owner': claim.owner,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async release(scope: TenantScope, claim: JobClaim): Promise<void> {
    try {
      await this.clientFor(scope).send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: tenantKeys.jobRun(scope, claim.jobId),
          ConditionExpression: '#owner = :owner AND #status = :running',
          ExpressionAttributeNames: { '#status': 'status', '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': claim.owner, ':running': 'running' },
        }),
      );
    } catch (error) {
      // Someone else holds it now, or it is gone: either way it is no longer ours to release.
      if (!isConditionFailure(error)) throw error;
    }
  }
}
