/**
 * BatchWriteItem over any number of puts and deletes: 25 per call, unprocessed items retried with
 * jittered exponential backoff (they mean throttling), as AWS advises. Used by offboarding and by
 * the per-tenant restore.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys.ts';

const batchSize = 25;
const maxBatchAttempts = 8;

type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, unknown> } }
  | { readonly DeleteRequest: { readonly Key: ItemKey } };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function batchWrite(
  client: DynamoDBDocumentClient,
  tableName: string,
  change: {
    readonly puts?: readonly Readonly<Record<string, unknown>>[];
    readonly deletes?: readonly ItemKey[];
  },
  retryBaseMs = 50,
): Promise<void> {
  const requests: WriteRequest[] = [
    ...(change.puts ?? []).map((Item) => ({ PutRequest: { Item: { ...Item } } })),
    ...(change.deletes ?? []).map(({ PK, SK }) => ({ DeleteRequest: { Key: { PK, SK } } })),
  ];
  for (let index = 0; index < requests.length; index += batchSize) {
    let pending = requests.slice(index, index + batchSize);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxBatchAttempts) {
        throw new Error(
          `${pending.length} writes still unprocessed after ${maxBatchAttempts} tries`,
        );
      }
      const result = await client.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []) as WriteRequest[];
      if (pending.length > 0) await sleep(Math.random() * retryBaseMs * 2 ** attempt);
    }
  }
}
