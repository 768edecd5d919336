/** What the control plane reads and writes, as ports its DynamoDB adapters implement. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { Tenant } from '#shared/tenants/model.ts';
import type { PlanName } from '#shared/tenants/plans.ts';

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
