/**
 * Conditions shared by the stores' transactions: optimistic concurrency on versioned items (one
 * condition, its failure mapped once to 404 or 412) and the tenant-is-active guard.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { NotFoundError, PreconditionFailedError } from '#shared/errors.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import { type ItemKey, tenantKeys } from './keys.ts';
import type { TransactItem, TransactionResult } from './transactions.ts';

/**
 * The condition of a write to a versioned item: it exists and is still at `expectedVersion`. On a
 * failure it returns itself, which tells a missing item (404) from a changed one (412). Spread it
 * into the Put, Update or Delete with the write's own expression names and values, and anything
 * else that must hold as well (`alsoRequire`).
 */
export function versionCondition(
  expectedVersion: ExpectedVersion,
  write: {
    readonly names?: Readonly<Record<string, string>>;
    readonly values?: Readonly<Record<string, unknown>>;
    readonly alsoRequire?: string;
  } = {},
): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD';
} {
  const also = write.alsoRequire === undefined ? '' : ` AND ${write.alsoRequire}`;
  // `If-Match: *` (RFC 9110): any current version will do, but the item must still exist.
  const any = expectedVersion === anyVersion;
  const values = any ? { ...write.values } : { ...write.values, ':expected': expectedVersion };
  return {
    ConditionExpression: `attribute_exists(PK)${any ? '' : ' AND version = :expected'}${also}`,
    ...(write.names && { ExpressionAttributeNames: { ...write.names } }),
    ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  };
}

/** Deletes the item at `key` only while it is at `expectedVersion` (`any`: while it exists). */
export function versionedDelete(
  tableName: string,
  key: ItemKey,
  expectedVersion: ExpectedVersion,
): TransactItem {
  return { Delete: { TableName: tableName, Key: key, ...versionCondition(expectedVersion) } };
}

/**
 * Nothing when the write went through. `item.name` is the versioned item's name in the transaction
 * (and in the messages): absent → NotFoundError, present at another version → stale version.
 */
export function throwOnStaleVersion(
  result: TransactionResult,
  item: { readonly name: string; readonly notFoundMessage: string },
): void {
  if (result.ok) return;
  if (!result.failed.has(item.name)) {
    throw new Error(
      `Write to a ${item.name} failed on conditions ${[...result.failed.keys()].join(', ')}`,
    );
  }
  const current = result.failed.get(item.name);
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
