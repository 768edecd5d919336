/**
 * Conditions shared by the stores' transactions: optimistic concurrency on versioned items (the
 * changed item first, its failure mapped once to 404 or 412) and the tenant-is-active guard.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { NotFoundError, PreconditionFailedError } from '#shared/errors.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import { type ItemKey, tenantKeys } from './keys.ts';
import type { TransactItem, TransactionResult } from './transactions.ts';

/** Needs `:expected` among the expression values, and the item first in its transaction. */
export const versionMatches = 'attribute_exists(PK) AND version = :expected';

/**
 * Deletes the item at `key` only while it is at `expectedVersion` (`any`: while it exists); first
 * in its transaction.
 */
export function versionedDelete(
  tableName: string,
  key: ItemKey,
  expectedVersion: ExpectedVersion,
): TransactItem {
  return {
    Delete: {
      TableName: tableName,
      Key: key,
      ...(expectedVersion === anyVersion
        ? { ConditionExpression: 'attribute_exists(PK)' }
        : {
            ConditionExpression: versionMatches,
            ExpressionAttributeValues: { ':expected': expectedVersion },
          }),
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

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

/** A transaction item that holds only while the tenant is active (not being closed or gone). */
export function tenantIsActive(tableName: string, scope: TenantScope): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: tenantKeys.tenant(scope),
      ConditionExpression: '#status = :active',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':active': 'active' },
    },
  };
}
