/**
 * Every partition and sort key of the table is built here. Tenant keys need a TenantScope, which only
 * verified claims or sign-up can produce; the `#` after the tenant id keeps tenant `ab` from matching `abc`.
 */
import type { TenantScope } from '../auth/tenant-context.ts';

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

const tenantPartition = (scope: TenantScope): string => `T#${scope.tenantId}`;

export const tenantKeys = {
  partition: tenantPartition,
  tenant: (scope: TenantScope): ItemKey => ({ PK: tenantPartition(scope), SK: 'TENANT' }),
  member: (scope: TenantScope, userId: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `USER#${userId}`,
  }),
  /** GSI1 entry of a member: find the tenants an email belongs to. */
  memberByEmail: (scope: TenantScope, email: string): { GSI1PK: string; GSI1SK: string } => ({
    GSI1PK: `EMAIL#${email}`,
    GSI1SK: tenantPartition(scope),
  }),
} as const;

/** Keys outside any tenant's partition; never built from a tenant route's input. */
export const globalKeys = {
  /** Guards the uniqueness of a sign-in email across every tenant. */
  emailGuard: (email: string): ItemKey => ({ PK: `EMAIL#${email}`, SK: 'EMAIL' }),
} as const;
