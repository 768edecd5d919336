/**
 * The `tenant.offboard` job: deletes everything of a tenant that is `deleting` — every item of every
 * partition (batches of Query + BatchWriteItem), the global items its items own, its Cognito users,
 * its export files — then writes a tombstone outside its partitions and deletes the tenant item
 * last. Every step is idempotent and the tenant item carries the counts, so a run that stops (time
 * budget, crash, timeout) is simply run again and continues where the data says it is.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { storageKeys, tenantPartitionSuffixes } from '#shared/data/keys.ts';
import { globalKeysOwnedBy } from '#shared/data/owned-global-items.ts';
import type { ExportStorage } from '#shared/exports/model.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { emitJobProgress } from '#shared/jobs/job-events.ts';
import { logger } from '#shared/observability/logger.ts';
import type { OffboardingStore, StoredItem, TenantPartition } from './model.ts';

export interface OffboardingDependencies {
  readonly store: OffboardingStore;
  readonly users: Pick<UserDirectory, 'findUser' | 'deleteUser'>;
  readonly storage: Pick<ExportStorage, 'deletePrefix'>;
  /** True when the run should stop and continue in a new invocation (checked between batches). */
  readonly shouldYield: () => boolean;
  /**
   * Nothing is deleted until this long after the request, so requests authorized from a cache
   * before the tenant turned `deleting` have ended. @default 0
   */
  readonly graceSeconds?: number;
  readonly now?: () => Date;
  /**
   * Cancels the tenant's subscription at once and removes its Stripe customer link, before any of
   * its items go (shared/billing/offboarding.ts). @default - nothing
   */
  readonly endBilling?: (scope: TenantScope) => Promise<unknown>;
  /** Items per batch. @default 100 */
  readonly batchSize?: number;
}

/**
 * `continue`: stopped early, run again; `wait`: too early to start, run again after `seconds`;
 * `done`: nothing of the tenant is left; `refused`: the tenant is not being deleted.
 */
export type OffboardingOutcome =
  | 'done'
  | 'continue'
  | 'refused'
  | { readonly wait: true; readonly seconds: number };

/**
 * Every partition of tenantPartitionSuffixes, main last: it holds the members (whose users and
 * guards go first) and the tenant item, the marker that a deletion is still under way.
 */
const partitionOrder: readonly TenantPartition[] = [
  ...(Object.keys(tenantPartitionSuffixes) as TenantPartition[]).filter((name) => name !== 'main'),
  'main',
];

export async function runOffboarding(
  job: JobEnvelope<'tenant.offboard'>,
  scope: TenantScope,
  deps: OffboardingDependencies,
): Promise<OffboardingOutcome> {
  const { store, now = () => new Date(), batchSize = 100 } = deps;
  const tenant = await store.getTenant(scope);
  if (!tenant) return 'done';
  if (tenant.status !== 'deleting') {
    // Only a tenant whose owner asked (status set in the same transaction as the job) is deleted.
    logger.error('Offboarding refused: the tenant is not being deleted', {
      tenantId: scope.tenantId,
      jobId: job.id,
    });
    return 'refused';
  }
  const requestedAt = Date.parse(tenant.deletionRequestedAt ?? tenant.updatedAt);
  const waitMs = requestedAt + (deps.graceSeconds ?? 0) * 1000 - now().getTime();
  if (waitMs > 0) return { wait: true, seconds: Math.ceil(waitMs / 1000) };
  const report = (note: string): void =>
    emitJobProgress({
      tenantId: scope.tenantId,
      jobId: job.id,
      kind: job.kind,
      status: 'running',
      progress: 0,
      note,
    });

  // Stop the charges first: the tenant item that holds the customer id is deleted last, so a rerun
  // still finds it.
  await deps.endBilling?.(scope);

  for (const partition of partitionOrder) {
    for (;;) {
      const items = await store.firstItems(scope, partition, batchSize);
      if (items.length === 0) break;
      const users = partition === 'main' ? await deleteOwnedResources(scope, items, deps) : 0;
      await store.deleteItems(scope, items);
      await store.addCounts(scope, { items: items.length, users });
      report(`${partition}: ${items.length} items deleted`);
      if (deps.shouldYield()) return 'continue';
    }
  }

  const files = await deps.storage.deletePrefix(storageKeys.tenantPrefix(scope));
  if (files > 0) await store.addCounts(scope, { files });

  const counted = (await store.getTenant(scope)) ?? tenant;
  await store.writeTombstone(scope, {
    tenantId: scope.tenantId,
    plan: tenant.plan,
    createdAt: tenant.createdAt,
    deletionRequestedAt: tenant.deletionRequestedAt ?? tenant.updatedAt,
    deletionRequestedBy: job.payload.requestedBy,
    jobId: job.id,
    completedAt: now().toISOString(),
    // The tenant item itself is the one more item deleted below.
    items: (counted.offboarded?.items ?? 0) + 1,
    users: counted.offboarded?.users ?? 0,
    files: counted.offboarded?.files ?? 0,
  });
  await store.deleteTenantItem(scope);
  report('done: tombstone written, tenant item deleted');
  return 'done';
}

/**
 * Before member items go: their Cognito users (only if the user still carries this tenant's id)
 * and the global items any item owns. Returns how many users were deleted.
 */
async function deleteOwnedResources(
  scope: TenantScope,
  items: readonly StoredItem[],
  { store, users }: OffboardingDependencies,
): Promise<number> {
  let deletedUsers = 0;
  for (const item of items) {
    if (item.type === 'member' && typeof item.email === 'string') {
      const user = await users.findUser(item.email);
      if (user?.tenantId === scope.tenantId) {
        await users.deleteUser(item.email);
        deletedUsers++;
      }
    }
    for (const key of globalKeysOwnedBy(item)) await store.deleteOwnedGlobalItem(scope, key);
  }
  return deletedUsers;
}
