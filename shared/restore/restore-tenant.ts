/**
 * Restores one tenant from a copy of the table (a point-in-time restore or a backup, which bring
 * back every tenant) into the live table: checks both tables and the tenant before anything is
 * written, plans the writes (./plan.ts), and applies them in an order that a rerun can finish
 * after any interruption. Every real run records itself in the tenant's audit trail.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import { type TenantScope, tenantScopeForRestore } from '#shared/auth/tenant-context.ts';
import { type ItemKey, tenantKeys } from '#shared/data/keys.ts';
import { globalKeysOwnedBy } from '#shared/data/owned-global-items.ts';
import { newUlid } from '#shared/ids.ts';
import type { TenantPartition } from '#shared/offboarding/model.ts';
import {
  type GlobalPair,
  type RestorePlan,
  RestoreRefused,
  type RestoreStore,
  type StoredItem,
  type TableFacts,
} from './model.ts';
import { type PartitionItems, planRestore } from './plan.ts';
import { partitionPolicies } from './policy.ts';

export interface RestoreRequest {
  readonly tenantId: string;
  /**
   * The moment the operator means to restore from. The copy must be a restored table whose
   * DescribeTable names that very restore time (to the second); otherwise nothing is written.
   */
  readonly at?: Date;
  readonly dryRun: boolean;
  /** Who runs it (an operator's name), for the audit event. */
  readonly by: string;
}

export interface RestoreDependencies {
  readonly store: RestoreStore;
  readonly countedResources: readonly { readonly name: string; readonly plural: string }[];
  readonly now?: () => Date;
  readonly onProgress?: (line: string) => void;
  /** Items per write call; each call is one step a rerun never has to repeat. */
  readonly batchSize?: number;
}

export interface RestoreReport {
  readonly tenantId: string;
  readonly sourceTable: string;
  readonly liveTable: string;
  /** The restore time DescribeTable gives for the copy; undefined for a table that was not restored. */
  readonly snapshotAt: Date | undefined;
  readonly dryRun: boolean;
  readonly plan: RestorePlan;
  /** Items and global items written (put or deleted) by this run. */
  readonly written: number;
}

const expectedKeySchema = 'PK HASH S, SK RANGE S';

export async function restoreTenant(
  request: RestoreRequest,
  {
    store,
    countedResources,
    now = () => new Date(),
    onProgress,
    batchSize = 100,
  }: RestoreDependencies,
): Promise<RestoreReport> {
  const scope = tenantScopeForRestore(request.tenantId);
  if (!scope) {
    throw new RestoreRefused(`"${request.tenantId}" is not a tenant id (a 26-character ULID)`);
  }
  const { source, live } = await checkTables(store, request.at);
  const partitions = await readPartitions(store, scope);
  checkTenant(scope, partitions, source.name);
  const globals = await readGlobals(store, partitions);
  const plan = planRestore({
    scope,
    source: partitions.source,
    live: partitions.live,
    globals,
    countedResources,
  });
  const report = {
    tenantId: scope.tenantId,
    sourceTable: source.name,
    liveTable: live.name,
    snapshotAt: source.restoredFrom?.at,
    plan,
  };
  if (request.dryRun) return { ...report, dryRun: true, written: 0 };

  const written = await applyPlan(store, scope, plan, batchSize, onProgress);
  const at = now();
  await store.recordAudit(
    scope,
    auditEvent(
      {
        actorId: 'system',
        action: 'tenant.restored',
        target: { type: 'tenant', id: scope.tenantId },
        meta: { requestId: `restore-${newUlid(at.getTime())}`, sourceIp: 'restore-tenant' },
        details: {
          by: request.by,
          sourceTable: source.name,
          ...(source.restoredFrom && { snapshotAt: source.restoredFrom.at.toISOString() }),
          written,
          counters: plan.counters,
        },
      },
      at,
    ),
  );
  return { ...report, dryRun: false, written };
}

async function checkTables(
  store: RestoreStore,
  at: Date | undefined,
): Promise<{ source: TableFacts; live: TableFacts }> {
  const [source, live] = await Promise.all([store.describe('source'), store.describe('live')]);
  if (!live) throw new RestoreRefused('The live table does not exist (check TABLE_NAME)');
  if (!source) throw new RestoreRefused('The source table does not exist (check --from-table)');
  if (source.name === live.name) {
    throw new RestoreRefused('The source table is the live table: restore from a restored copy');
  }
  for (const table of [source, live]) {
    if (table.keySchema !== expectedKeySchema) {
      throw new RestoreRefused(
        `Table ${table.name} has the key schema "${table.keySchema}", not "${expectedKeySchema}": not a TenantKit table`,
      );
    }
    if (table.status !== 'ACTIVE') {
      throw new RestoreRefused(`Table ${table.name} is ${table.status}, not ACTIVE`);
    }
  }
  if (source.restoredFrom?.inProgress) {
    throw new RestoreRefused(`Table ${source.name} is still being restored; wait until it is done`);
  }
  if (at !== undefined) {
    const restoredAt = source.restoredFrom?.at;
    if (restoredAt === undefined) {
      throw new RestoreRefused(
        `Table ${source.name} was not restored from PITR or a backup (DescribeTable has no RestoreSummary), so --at cannot be checked; leave --at out to restore from it as it is`,
      );
    }
    if (Math.floor(restoredAt.getTime() / 1000) !== Math.floor(at.getTime() / 1000)) {
      throw new RestoreRefused(
        `Table ${source.name} holds the data of ${restoredAt.toISOString()}, not of ${at.toISOString()}`,
      );
    }
  }
  return { source, live };
}

interface BothSides {
  readonly source: PartitionItems;
  readonly live: PartitionItems;
}

async function readPartitions(store: RestoreStore, scope: TenantScope): Promise<BothSides> {
  const read = Object.entries(partitionPolicies)
    .filter(([, policy]) => policy !== 'skip')
    .map(([partition]) => partition as TenantPartition);
  const sides = await Promise.all(
    (['source', 'live'] as const).map(async (side) => {
      const items: Partial<Record<TenantPartition, StoredItem[]>> = {};
      for (const partition of read) {
        items[partition] = await store.partitionItems(side, scope, partition);
      }
      return items;
    }),
  );
  return { source: sides[0] ?? {}, live: sides[1] ?? {} };
}

function checkTenant(scope: TenantScope, partitions: BothSides, sourceName: string): void {
  const tenantKey = tenantKeys.tenant(scope);
  const tenantOf = (items: PartitionItems): StoredItem | undefined =>
    items.main?.find((item) => item.PK === tenantKey.PK && item.SK === tenantKey.SK);
  const source = tenantOf(partitions.source);
  if (!source) {
    throw new RestoreRefused(`Tenant ${scope.tenantId} is not in ${sourceName}`);
  }
  if (source.status === 'deleting') {
    throw new RestoreRefused(
      `In ${sourceName} tenant ${scope.tenantId} is already being deleted: restore from a copy of an earlier time`,
    );
  }
  if (tenantOf(partitions.live)?.status === 'deleting') {
    throw new RestoreRefused(
      `Tenant ${scope.tenantId} is being deleted right now: let offboarding finish (its tombstone is written last), then restore`,
    );
  }
}

async function readGlobals(store: RestoreStore, partitions: BothSides): Promise<GlobalPair[]> {
  const keys = new Map<string, ItemKey>();
  for (const item of [...(partitions.source.main ?? []), ...(partitions.live.main ?? [])]) {
    for (const key of globalKeysOwnedBy(item)) keys.set(`${key.PK}\u0000${key.SK}`, key);
  }
  return Promise.all(
    [...keys.values()].map(async (key) => ({
      key,
      source: await store.globalItem('source', key),
      live: await store.globalItem('live', key),
    })),
  );
}

/**
 * Global items first (a restored member never exists without its email guard), then the removals
 * (an owner's global items before the owner, as offboarding does), then the items with the counters
 * and the tenant item last. Every write is a plain put or delete of the planned value, so a rerun
 * after an interruption plans exactly what is left.
 */
async function applyPlan(
  store: RestoreStore,
  scope: TenantScope,
  plan: RestorePlan,
  batchSize: number,
  onProgress: ((line: string) => void) | undefined,
): Promise<number> {
  let written = 0;
  for (const item of plan.globalPuts) {
    if (!(await store.putGlobalItem(scope, item))) {
      throw new RestoreRefused(
        `${item.PK} was taken by another tenant while the restore ran; run it again to see the conflict`,
      );
    }
    written++;
  }
  for (const key of plan.globalDeletes) {
    await store.deleteGlobalItem(scope, key);
    written++;
  }
  for (let index = 0; index < plan.deletes.length; index += batchSize) {
    const deletes = plan.deletes.slice(index, index + batchSize);
    await store.writeItems(scope, { puts: [], deletes });
    written += deletes.length;
    onProgress?.(`deleted ${index + deletes.length} of ${plan.deletes.length} items`);
  }
  for (let index = 0; index < plan.puts.length; index += batchSize) {
    const puts = plan.puts.slice(index, index + batchSize);
    await store.writeItems(scope, { puts, deletes: [] });
    written += puts.length;
    onProgress?.(`wrote ${index + puts.length} of ${plan.puts.length} items`);
  }
  // Alone and last: a deleted tenant is active again only once everything else is back.
  if (plan.tenant) {
    await store.writeItems(scope, { puts: [plan.tenant], deletes: [] });
    written++;
  }
  return written;
}
