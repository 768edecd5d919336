/**
 * Tenant offboarding as the domain sees it: the store that deletes a tenant's items batch by batch
 * (so the work survives a timeout mid-way and resumes where it stopped) and the tombstone it leaves.
 */
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { ItemKey, tenantPartitionSuffixes } from '#shared/data/keys.ts';
import type { JobRecord } from '#shared/jobs/job-records.ts';
import type { Tenant } from '#shared/tenants/model.ts';

export type TenantPartition = keyof typeof tenantPartitionSuffixes;

/** One stored item of the tenant, keys included; only what deletion needs is read from it. */
export type StoredItem = Readonly<Record<string, unknown>> & ItemKey;

/** What offboarding has deleted so far, kept on the tenant item so a resumed run adds to it. */
export interface OffboardingCounts {
  readonly items: number;
  readonly users: number;
  readonly files: number;
}

export interface Tombstone extends OffboardingCounts {
  readonly tenantId: string;
  readonly plan: string;
  readonly createdAt: string;
  readonly deletionRequestedAt: string;
  readonly deletionRequestedBy: string;
  readonly jobId: string;
  readonly completedAt: string;
}

export type BeginOutcome = 'started' | 'changed';

/** The tenant as offboarding reads it: with the deletion request and the counts so far. */
export type OffboardingTenant = Tenant & {
  readonly deletionRequestedAt?: string;
  readonly offboarded?: OffboardingCounts;
};

export interface OffboardingStore {
  getTenant(scope: TenantScope): Promise<OffboardingTenant | undefined>;
  /**
   * Marks the tenant `deleting` (out of the active-tenant index) if it is still the version that
   * was read, with the deletion job's record and an audit event, in one transaction.
   */
  beginOffboarding(
    scope: TenantScope,
    change: {
      readonly expectedVersion: number;
      readonly record: JobRecord;
      readonly audit: AuditEvent;
      readonly now: Date;
    },
  ): Promise<BeginOutcome>;
  /** Undoes beginOffboarding when the job could not be queued. */
  cancelOffboarding(scope: TenantScope, jobId: string, now: Date): Promise<void>;
  /**
   * Up to `limit` items from the start of one partition (the main partition without its TENANT
   * item, which goes last). Deleting what it returns moves the next call forward: no cursor to lose.
   */
  firstItems(scope: TenantScope, partition: TenantPartition, limit: number): Promise<StoredItem[]>;
  deleteItems(scope: TenantScope, keys: readonly ItemKey[]): Promise<void>;
  /** Deletes a global item the tenant owned, unless it belongs to another tenant by now. */
  deleteOwnedGlobalItem(scope: TenantScope, key: ItemKey): Promise<void>;
  addCounts(scope: TenantScope, counts: Partial<OffboardingCounts>): Promise<void>;
  /** Writes the tombstone unless one exists. */
  writeTombstone(scope: TenantScope, tombstone: Tombstone): Promise<void>;
  readTombstone(scope: TenantScope): Promise<Tombstone | undefined>;
  /** The very last step: the tenant item, only while it is `deleting`. */
  deleteTenantItem(scope: TenantScope): Promise<void>;
}
