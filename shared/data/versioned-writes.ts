/**
 * Optimistic concurrency on versioned items: the condition a write puts on the item it changes
 * (always the transaction's first item), and the one mapping of its failure to 404 or 412.
 */
import { NotFoundError, PreconditionFailedError } from '../errors.ts';
import type { TransactionResult } from './transactions.ts';

/** Needs `:expected` among the expression values, and the item first in its transaction. */
export const versionMatches = 'attribute_exists(PK) AND version = :expected';

/**
 * Nothing when the write went through. The versioned item returns itself on a failed condition
 * (ReturnValuesOnConditionCheckFailure: ALL_OLD): absent → NotFoundError, present → stale version.
 */
export function throwOnStaleVersion(
  result: TransactionResult,
  item: { readonly name: string; readonly notFoundMessage: string },
): void {
  if (result.ok) return;
  if (!result.failed.has(0)) {
    throw new Error(`Write to a ${item.name} failed on an unexpected condition`);
  }
  const current = result.failed.get(0);
  if (current === undefined) throw new NotFoundError(item.notFoundMessage);
  throw new PreconditionFailedError(`The ${item.name} has changed since you read it`, {
    currentVersion: current.version,
  });
}
