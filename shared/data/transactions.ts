/**
 * Every DynamoDB transaction of the stores runs here. Its items carry names, and a cancellation is
 * reported by the names of the items whose condition failed, so adding an item can never remap an
 * outcome. Transactions that only lost a race (TransactionConflict) are retried with jitter.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '#shared/errors.ts';

/** One write or check of a transaction, as the document client takes it. */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A transaction's items by name; an undefined entry is left out (an optional idempotency record). */
export type NamedItems<N extends string = string> = Readonly<Record<N, TransactItem | undefined>>;

export type TransactionResult<N extends string = string> =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /**
       * The names of the items whose condition failed, with the item as it was when the item asked
       * for it (ReturnValuesOnConditionCheckFailure: ALL_OLD), else undefined.
       */
      readonly failed: ReadonlyMap<N, Record<string, unknown> | undefined>;
    };

const maxAttempts = 6;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function transact<N extends string>(
  client: DynamoDBDocumentClient,
  items: NamedItems<N>,
): Promise<TransactionResult<N>> {
  const entries = (Object.entries(items) as [N, TransactItem | undefined][]).filter(
    (entry): entry is [N, TransactItem] => entry[1] !== undefined,
  );
  const names = entries.map(([name]) => name);
  const input = { TransactItems: entries.map(([, item]) => item) };
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      // DynamoDB gives one reason per item, in the order the items were sent.
      const reasons = error.CancellationReasons ?? [];
      const failed = new Map<N, Record<string, unknown> | undefined>();
      reasons.forEach((reason, index) => {
        const name = names[index];
        if (reason.Code === 'ConditionalCheckFailed' && name !== undefined) {
          // Cancellation reasons carry raw attribute values; the document client does not convert them.
          failed.set(name, reason.Item ? unmarshall(reason.Item) : undefined);
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

/** For an outcome no condition of the caller explains: names every failed item. */
export function unexpectedFailure(
  what: string,
  result: { readonly failed: ReadonlyMap<string, unknown> },
): Error {
  return new Error(`${what} failed on conditions ${[...result.failed.keys()].join(', ')}`);
}
