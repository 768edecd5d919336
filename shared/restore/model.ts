/**
 * Per-tenant restore as the domain sees it: what is read from a restored copy of the table and from
 * the live one, the plan that makes the tenant's live items match the copy, and the store port.
 */
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { ItemKey } from '#shared/data/keys.ts';
import type { TenantPartition } from '#shared/offboarding/model.ts';

/** One stored item, keys included. */
export type StoredItem = Readonly<Record<string, unknown>> & ItemKey;

/** Why a restore refuses to start; nothing has been written when it is thrown. */
export class RestoreRefused extends Error {}

/** What DescribeTable says of a table that matters to a restore. */
export interface TableFacts {
  readonly name: string;
  /** `PK HASH, SK RANGE` (both strings) for a table of this design. */
  readonly keySchema: string;
  readonly status: string;
  /** When a table was restored from PITR or a backup: the moment its data is from. */
  readonly restoredFrom?: {
    readonly at: Date;
    readonly source: string;
    readonly inProgress: boolean;
  };
}

export type Side = 'source' | 'live';

/** A global item (outside the tenant's partitions) on both sides, by its key. */
export interface GlobalPair {
  readonly key: ItemKey;
  readonly source: StoredItem | undefined;
  readonly live: StoredItem | undefined;
}

/** What one kind of item (its `type`, e.g. `project`, `member`, `emailGuard`) will undergo. */
export interface KindChanges {
  added: number;
  changed: number;
  removed: number;
  /** Live items kept although the copy lacks them (append-only partitions: audit, usage). */
  kept: number;
  unchanged: number;
}

export interface MemberSummary {
  readonly userId: string;
  readonly email: string;
  readonly role: string;
}

export interface RestorePlan {
  /** Items to put into the live table, the counters among them. */
  readonly puts: readonly StoredItem[];
  /** The tenant item, when it differs: written alone, after everything else. */
  readonly tenant: StoredItem | undefined;
  /** Keys of live items to delete. */
  readonly deletes: readonly ItemKey[];
  /** Global items to put: each only if absent or this tenant's. */
  readonly globalPuts: readonly StoredItem[];
  /** Global items to delete: each only if this tenant's. */
  readonly globalDeletes: readonly ItemKey[];
  readonly changes: Readonly<Record<string, KindChanges>>;
  /** The counters the restored items add up to (projects, webhooks, seats). */
  readonly counters: Readonly<Record<string, number>>;
  /**
   * Restored members the live table did not have (all of a deleted tenant's): their Cognito users
   * are gone or disabled.
   */
  readonly membersWithoutSignIn: readonly MemberSummary[];
  /** Live members the copy does not have: the restore removes them (their Cognito users stay). */
  readonly membersRemoved: readonly MemberSummary[];
}

/** Persistence port of a restore: reads either table, writes only the live one. */
export interface RestoreStore {
  describe(side: Side): Promise<TableFacts | undefined>;
  /** Every item of one partition of the tenant, on one side. */
  partitionItems(side: Side, scope: TenantScope, partition: TenantPartition): Promise<StoredItem[]>;
  /** One global item, on one side. */
  globalItem(side: Side, key: ItemKey): Promise<StoredItem | undefined>;
  /** Puts and deletes tenant items in batches (BatchWriteItem); idempotent. */
  writeItems(
    scope: TenantScope,
    change: { readonly puts: readonly StoredItem[]; readonly deletes: readonly ItemKey[] },
  ): Promise<void>;
  /** Puts a global item unless another tenant holds it; false when one does. */
  putGlobalItem(scope: TenantScope, item: StoredItem): Promise<boolean>;
  /** Deletes a global item if it is this tenant's; leaves another tenant's alone. */
  deleteGlobalItem(scope: TenantScope, key: ItemKey): Promise<void>;
  recordAudit(scope: TenantScope, event: AuditEvent): Promise<void>;
}
