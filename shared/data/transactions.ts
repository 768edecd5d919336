/**
 * Runs a DynamoDB transaction and reports which conditions failed. Transactions that only lost a
 * race with another transaction on the same items (TransactionConflict) are retried with jitter.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '#shared/errors.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type TransactionResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** Indexes of the items whose condition failed, with the item as it was, when asked for. */
      readonly failed: ReadonlyMap<number, Record<string, unknown> | undefined>;
    };

const maxAttempts = 6;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function transact(
  client: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<TransactionResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = new Map<number, Record<string, unknown> | undefined>();
      reasons.forEach((reason, index) => {
        if (reason.Code === 'ConditionalCheckFailed') {
          // Cancellation reasons carry raw attribute values; the document client does not convert them.
          failed.set(index, reason.Item ? unmarshall(reason.Item) : undefined);
        }
      });
      if (failed.size > 0) return { ok: false, failed };
      const conflicted = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (!conflicted) throw error;
      if (attempt >= maxAttempts) {
        throw new ConflictError('Too many concurrent changes; retry the request', undefined, {
          cause: error,
        });
      }
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
}
