/**
 * A DynamoDB client middleware that asks every item call for its consumed capacity
 * (ReturnConsumedCapacity TOTAL) and adds what DynamoDB reports to the invocation's meter
 * (shared/costs/meter.ts). Added once where the client is built, so no store passes anything.
 */
import type {
  ConsumedCapacity,
  DynamoDBClient,
  ServiceInputTypes,
  ServiceOutputTypes,
} from '@aws-sdk/client-dynamodb';
import type { InitializeMiddleware } from '@smithy/types';
import { addConsumedUnits, type ConsumedUnits } from '#shared/costs/meter.ts';

/** Item calls, by whether DynamoDB bills them as reads or writes. */
const meteredCommands: Readonly<Record<string, 'read' | 'write'>> = {
  GetItemCommand: 'read',
  BatchGetItemCommand: 'read',
  QueryCommand: 'read',
  TransactGetItemsCommand: 'read',
  PutItemCommand: 'write',
  UpdateItemCommand: 'write',
  DeleteItemCommand: 'write',
  BatchWriteItemCommand: 'write',
  TransactWriteItemsCommand: 'write',
};

/**
 * The units of one response. DynamoDB splits read and write units where a call has both (a
 * transaction's condition checks); where it reports only a total, the call's kind decides.
 */
export function consumedUnits(
  kind: 'read' | 'write',
  reported: ConsumedCapacity | readonly ConsumedCapacity[] | undefined,
): ConsumedUnits {
  const entries: readonly ConsumedCapacity[] =
    reported === undefined
      ? []
      : Array.isArray(reported)
        ? reported
        : [reported as ConsumedCapacity];
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of entries) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      readUnits += entry.ReadCapacityUnits ?? 0;
      writeUnits += entry.WriteCapacityUnits ?? 0;
    } else if (kind === 'read') {
      readUnits += entry.CapacityUnits ?? 0;
    } else {
      writeUnits += entry.CapacityUnits ?? 0;
    }
  }
  return { readUnits, writeUnits };
}

const consumedCapacityMiddleware: InitializeMiddleware<ServiceInputTypes, ServiceOutputTypes> =
  (next, context) => async (args) => {
    const kind = meteredCommands[context.commandName ?? ''];
    if (kind === undefined) return next(args);
    const result = await next({
      ...args,
      input: { ...args.input, ReturnConsumedCapacity: 'TOTAL' },
    });
    const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
    addConsumedUnits(consumedUnits(kind, output.ConsumedCapacity));
    return result;
  };

/** `client` with its item calls metered; the one place every DynamoDB client is built calls it. */
export function withConsumedCapacity(client: DynamoDBClient): DynamoDBClient {
  client.middlewareStack.add(consumedCapacityMiddleware, {
    step: 'initialize',
    name: 'consumedCapacity',
  });
  return client;
}
