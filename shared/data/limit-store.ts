/**
 * DynamoDB adapter of the LimitStore port. A take is one UpdateItem whose condition is the bucket
 * (and quota) check, so the decision comes from the stored state and concurrent requests on any
 * number of instances can never admit more than the bucket holds. DynamoDB has no max(), so an idle
 * bucket (TAT in the past) and a busy one need different update expressions: the adapter guesses
 * from the TAT it last saw for that key and, when the guess was wrong, learns the stored state from
 * the failed condition (ALL_OLD) and tries the other one, so almost every take is one round trip.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { BucketLocation, LimitStore, TakeOutcome, TakeRequest } from '#shared/limits/model.ts';
import { decide, isIdle, maxAdmissibleTat } from '#shared/limits/token-bucket.ts';
import { globalKeys, type ItemKey, tenantKeys } from './keys.ts';
import type { TenantClientFactory } from './tenant-clients.ts';

interface StoredBucket {
  readonly tat?: number;
  readonly used?: number;
}

/** A wrong guess costs one more round trip; three attempts cover a bucket flipping idle/busy twice. */
const maxAttempts = 3;
/** Last TAT seen per key; a small bound, since a guess only saves a round trip. */
const maxHints = 1024;

export class DynamoLimitStore implements LimitStore {
  private readonly hints = new Map<string, number>();

  constructor(
    private readonly tenantClient: TenantClientFactory,
    /** The function's own client: public-route buckets are global `RL#…` items. */
    private readonly globalClient: () => DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(location: BucketLocation, request: TakeRequest): Promise<TakeOutcome> {
    const { client, key } = this.locate(location);
    let idle = isIdle(this.hints.get(key.PK), request.nowUs);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const result = await client.send(this.update(key, request, idle), {
          abortSignal: request.signal,
        });
        const stored = storedBucket(result.Attributes ?? {}, request);
        const tat = stored.tat ?? request.nowUs;
        this.remember(key.PK, tat);
        const debt = tat - request.nowUs;
        return {
          kind: 'allowed',
          remaining: Math.floor((request.times.capacityUs - debt) / request.times.intervalUs),
          fullInUs: debt,
          ...(stored.used !== undefined && { used: stored.used }),
        };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // The item's old image comes back marshalled on a failed condition.
        const old = storedBucket(error.Item ? unmarshall(error.Item) : {}, request);
        if (old.tat !== undefined) this.remember(key.PK, old.tat);
        if (request.quota && old.used !== undefined && old.used >= request.quota.limit) {
          return { kind: 'quotaExceeded', used: old.used };
        }
        const decision = decide(old.tat, request.nowUs, request.times);
        if (!decision.allowed) return { kind: 'rateLimited', retryInUs: decision.retryInUs };
        // The stored state admits the request, so the other expression was needed (or another
        // request moved the bucket in between): try again with what the store just said. A bucket
        // that keeps moving under us is contended, and is answered as busy.
        if (attempt >= maxAttempts) {
          return { kind: 'rateLimited', retryInUs: request.times.intervalUs };
        }
        idle = isIdle(old.tat, request.nowUs);
      }
    }
  }

  async peek(location: BucketLocation, signal?: AbortSignal): Promise<number | undefined> {
    const { client, key } = this.locate(location);
    const result = await client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: key,
        ProjectionExpression: 'tat',
        ConsistentRead: true,
      }),
      { abortSignal: signal },
    );
    const tat = (result.Item as StoredBucket | undefined)?.tat;
    return typeof tat === 'number' ? tat : undefined;
  }

  private locate(location: BucketLocation): { client: DynamoDBDocumentClient; key: ItemKey } {
    return location.kind === 'tenant'
      ? {
          client: this.tenantClient(location.scope),
          key: tenantKeys.limiter(location.scope, location.shard),
        }
      : { client: this.globalClient(), key: globalKeys.publicLimiter(location.subject) };
  }

  private update(key: ItemKey, request: TakeRequest, idle: boolean): UpdateCommand {
    const { times, nowUs, quota } = request;
    const names: Record<string, string> = { '#tat': 'tat', '#exp': 'expiresAt', '#type': 'type' };
    const values: Record<string, unknown> = {
      ':now': nowUs,
      ':exp': request.expiresAt,
      ':type': 'limiter',
    };
    const bucketCondition = idle
      ? '(attribute_not_exists(#tat) OR #tat <= :now)'
      : '(#tat > :now AND #tat <= :maxTat)';
    if (idle) values[':next'] = nowUs + times.intervalUs;
    else {
      values[':interval'] = times.intervalUs;
      values[':maxTat'] = maxAdmissibleTat(nowUs, times);
    }
    let expression = `SET #tat = ${idle ? ':next' : '#tat + :interval'}, #exp = :exp, #type = :type`;
    let condition = bucketCondition;
    if (quota) {
      names['#used'] = monthAttribute(quota.month);
      names['#dropped'] = monthAttribute(quota.droppedMonth);
      values[':one'] = 1;
      values[':quota'] = quota.limit;
      expression += ' ADD #used :one REMOVE #dropped';
      condition += ' AND (attribute_not_exists(#used) OR #used < :quota)';
    }
    return new UpdateCommand({
      TableName: this.tableName,
      Key: key,
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'UPDATED_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }

  private remember(pk: string, tat: number): void {
    this.hints.delete(pk);
    this.hints.set(pk, tat);
    if (this.hints.size > maxHints) {
      const oldest = this.hints.keys().next().value;
      if (oldest !== undefined) this.hints.delete(oldest);
    }
  }
}

/** The attribute that counts one month's requests on the limiter item, e.g. `requests-2026-12`. */
export function monthAttribute(month: string): string {
  return `requests-${month}`;
}

/** The bucket's TAT and this month's count, from an item image. */
function storedBucket(item: Record<string, unknown>, request: TakeRequest): StoredBucket {
  const tat = typeof item.tat === 'number' ? item.tat : undefined;
  const counted = request.quota ? item[monthAttribute(request.quota.month)] : undefined;
  return {
    ...(tat !== undefined && { tat }),
    ...(typeof counted === 'number' && { used: counted }),
  };
}
