/**
 * DynamoDB adapter of the UsageReader port: the limiter's shards and the counters item in one
 * BatchGet (one per 100 keys), and the month's usage items (`T#<id>#USAGE`, the month and its days) in one Query.
 */
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { StoredUsage, UsageReader } from '#shared/usage/model.ts';
import { type ItemKey, tenantKeys } from './keys.ts';
import { monthAttribute } from './limit-store.ts';
import type { TenantClientFactory } from './tenant-clients.ts';
import { numericCounters } from './upkeep-store.ts';

/** Unprocessed keys only come back under throttling: a few tries, then the error says so. */
const maxBatchAttempts = 4;
const maxBatchKeys = 100;

export class DynamoUsageReader implements UsageReader {
  constructor(
    private readonly clientFor: TenantClientFactory,
    private readonly tableName: string,
  ) {}

  async read(scope: TenantScope, month: string, shards: number): Promise<StoredUsage> {
    const limiterKeys = Array.from({ length: shards }, (_, shard) =>
      tenantKeys.limiter(scope, shard),
    );
    const countersKey = tenantKeys.counters(scope);
    const [items, counters] = await Promise.all([
      this.getAll(scope, [...limiterKeys, countersKey]),
      this.monthCounters(scope, month),
    ]);
    const isLimiter = (item: Record<string, unknown>): boolean =>
      limiterKeys.some((key) => key.PK === item.PK && key.SK === item.SK);
    const requests = items
      .filter(isLimiter)
      .reduce((sum, item) => sum + Number(item[monthAttribute(month)] ?? 0), 0);
    const holdings = items.find((item) => item.PK === countersKey.PK && item.SK === countersKey.SK);
    return { requests, holdings: holdings ? numericCounters(holdings) : {}, counters };
  }

  /** BatchGet takes 100 keys at most: a tenant allowed 100,000 requests/s spreads over 200 shards. */
  private async getAll(
    scope: TenantScope,
    keys: readonly ItemKey[],
  ): Promise<Record<string, unknown>[]> {
    const chunks: (readonly ItemKey[])[] = [];
    for (let offset = 0; offset < keys.length; offset += maxBatchKeys) {
      chunks.push(keys.slice(offset, offset + maxBatchKeys));
    }
    return (await Promise.all(chunks.map((chunk) => this.getChunk(scope, chunk)))).flat();
  }

  private async getChunk(
    scope: TenantScope,
    keys: readonly ItemKey[],
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let pending: readonly Record<string, unknown>[] = keys.map((key) => ({ ...key }));
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      if (attempt > maxBatchAttempts) throw new Error('Usage items stayed unprocessed (throttled)');
      const result = await this.clientFor(scope).send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: [...pending] } } }),
      );
      found.push(...(result.Responses?.[this.tableName] ?? []));
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    return found;
  }

  /** The month's roll-up plus every day of it not rolled up yet (today, and a day the job missed). */
  private async monthCounters(scope: TenantScope, month: string): Promise<Record<string, number>> {
    const { PK } = tenantKeys.usageMonth(scope, month);
    const totals: Record<string, number> = {};
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.clientFor(scope).send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :month)',
          ExpressionAttributeValues: { ':pk': PK, ':month': month },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.SK !== month && item.rolledUp === true) continue;
        for (const [name, value] of Object.entries(numericCounters(item))) {
          totals[name] = (totals[name] ?? 0) + value;
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return totals;
  }
}
