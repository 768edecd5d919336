/** Re-checks a decoded cursor's key before it reaches a Query. */
import type { TenantScope } from '../auth/tenant-context.ts';
import { ValidationError } from '../errors.ts';
import type { PageKey } from '../http/cursor.ts';
import { tenantKeys } from './keys.ts';

/**
 * The cursor is sealed and bound to the tenant already; this re-checks that the partition it
 * resumes in is the caller's own, so even a leaked cursor secret could not page into another tenant.
 */
export function checkedStartKey(
  scope: TenantScope,
  key: PageKey,
  partitionAttribute: string,
): PageKey {
  const partition = key[partitionAttribute];
  const own = tenantKeys.partition(scope);
  if (typeof partition !== 'string' || (partition !== own && !partition.startsWith(`${own}#`))) {
    throw new ValidationError('Invalid cursor');
  }
  return key;
}
