/**
 * DynamoDB adapter for scheduled upkeep: usage counters in `T#<id>#USAGE` (days `yyyy-mm-dd`,
 * months `yyyy-mm`).
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { RollUpOutcome, UsageCounters, UsageStore } from '#shared/upkeep/model.ts';
import { tenantKeys } from './keys.ts';
import { transact } from './transactions.ts';

type ClientFor = (scope: TenantScope) => DynamoDBDocumentClient;

/** Counter names become attribute names: keep them to plain identifiers. */
const counterName = /^[a-zA-Z][a-zA-Z0-9]{0,63}$/;
const bookkeeping = new Set(['PK', 'SK', 'type', 'day', 'month', 'rolledUp', 'rolledUpAt']);

/** The counters of a usage or counters item: its numeric attributes but the bookkeeping. */
export function numericCounters(item: Record<string, unknown>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(item).filter(
      (entry): entry is [string, number] =>
        !bookkeeping.has(entry[0]) && typeof entry[1] === 'number' && counterName.test(entry[0]),
    ),
  );
}

function addExpression(counters: UsageCounters): {
  expression: string;
  names: Record<string, string>;
  values: Record<string, number>;
} {
  const entries = Object.entries(counters);
  for (const [name] of entries) {
    if (!counterName.test(name) || bookkeeping.has(name)) throw new Error(`Bad counter ${name}`);
  }
  return {
    expression: `ADD ${entries.map((_, index) => `#c${index} :c${index}`).join(', ')}`,
    names: Object.fromEntries(entries.map(([name], index) => [`#c${index}`, name])),
    values: Object.fromEntries(entries.map(([, value], index) => [`:c${index}`, value])),
  };
}

export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly clientFor: ClientFor,
    private readonly tableName: string,
  ) {}

  async add(scope: TenantScope, counters: UsageCounters, at: Date): Promise<void> {
    if (Object.keys(counters).length === 0) return;
    const day = at.toISOString().slice(0, 10);
    const { expression, names, values } = addExpression(counters);
    await this.clientFor(scope).send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: tenantKeys.usageDay(scope, day),
        UpdateExpression: `SET #type = :type, #day = :day ${expression}`,
        ExpressionAttributeNames: { ...names, '#type': 'type', '#day': 'day' },
        ExpressionAttributeValues: { ...values, ':type': 'usageDay', ':day': day },
      }),
    );
  }

  async rollUpDay(scope: TenantScope, day: string): Promise<RollUpOutcome> {
    const { Item } = await this.clientFor(scope).send(
      new GetCommand({
        TableName: this.tableName,
        Key: tenantKeys.usageDay(scope, day),
        ConsistentRead: true,
      }),
    );
    if (!Item) return { kind: 'nothingRecorded' };
    if (Item.rolledUp === true) return { kind: 'alreadyRolledUp' };
    const counters = numericCounters(Item);
    const month = day.slice(0, 7);
    const monthAdd =
      Object.keys(counters).length > 0
        ? addExpression(counters)
        : { expression: '', names: {}, values: {} };
    const result = await transact(this.clientFor(scope), {
      day: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.usageDay(scope, day),
          UpdateExpression: 'SET rolledUp = :true, rolledUpAt = :now',
          // Exactly once, even when two runs of the same day's job race.
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(rolledUp)',
          ExpressionAttributeValues: { ':true': true, ':now': new Date().toISOString() },
        },
      },
      month: {
        Update: {
          TableName: this.tableName,
          Key: tenantKeys.usageMonth(scope, month),
          UpdateExpression: `SET #type = :type, #month = :month ${monthAdd.expression}`,
          ExpressionAttributeNames: { ...monthAdd.names, '#type': 'type', '#month': 'month' },
          ExpressionAttributeValues: { ...monthAdd.values, ':type': 'usageMonth', ':month': month },
        },
      },
    });
    return result.ok ? { kind: 'rolledUp', counters } : { kind: 'alreadyRolledUp' };
  }
}
