/** What the control plane reads and writes, as ports its DynamoDB adapters implement. */
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { ComplimentaryPlan, Tenant } from '#shared/tenants/model.ts';
import type { FeatureOverrides, LimitOverrides, PlanName } from '#shared/tenants/plans.ts';

export type TenantStatus = Tenant['status'];

/** Filters of the directory listing; each narrows it, all together narrow it more. */
export interface DirectoryFilter {
  /** Matches the start of the name, case-folded (keys.ts tenantDirectoryName). */
  readonly namePrefix?: string;
  /** The plan the tenant pays for. */
  readonly plan?: PlanName;
  readonly status?: TenantStatus;
}

/** The operators' tenant directory (GSI3) and the global email guards, read with the function's own role. */
export interface TenantDirectory {
  /** One page of tenants by name; a page may hold fewer than `limit` when plan or status filter it. */
  page(
    filter: DirectoryFilter,
    limit: number,
    startKey: PageKey | undefined,
  ): Promise<{ items: Tenant[]; lastKey: PageKey | undefined }>;
  /** The tenant and user an email signs in to (emails are unique across tenants), if any. */
  findEmail(email: string): Promise<{ tenantId: string; userId: string } | undefined>;
}

/** The metadata of one tenant an operator sees; never its application data. */
export interface TenantFacts {
  readonly tenant: Tenant;
  readonly members: number;
  readonly ownerEmail: string | undefined;
  /** The newest event of the tenant's audit trail: when the tenant last changed anything. */
  readonly lastActivity: { readonly at: string; readonly action: string } | undefined;
}

/** Reads one tenant's metadata through that tenant's scoped credentials. */
export interface TenantFactsReader {
  read(scope: TenantScope): Promise<TenantFacts | undefined>;
}

/** The overrides an operator sets on a tenant; null removes one. */
export interface TenantOverridesChange {
  readonly limits: LimitOverrides | null;
  readonly features: FeatureOverrides | null;
}

/** What an operator changes on a tenant item, each change with the tenant's own audit event. */
export interface TenantControlStore {
  /**
   * The one transition between `active` and `suspended`: NotFoundError for no tenant,
   * ConflictError when the tenant is not `from` (already there, or being deleted).
   */
  changeStatus(
    scope: TenantScope,
    from: SuspendableStatus,
    to: SuspendableStatus,
    audit: AuditEvent,
  ): Promise<void>;
  /** Sets the complimentary plan; NotFoundError, or ConflictError while the tenant is being deleted. */
  setComplimentaryPlan(
    scope: TenantScope,
    plan: ComplimentaryPlan,
    audit: AuditEvent,
  ): Promise<void>;
  /** Replaces the limit and feature overrides; errors as setComplimentaryPlan. */
  setOverrides(
    scope: TenantScope,
    overrides: TenantOverridesChange,
    audit: AuditEvent,
  ): Promise<void>;
}

export type SuspendableStatus = 'active' | 'suspended';
