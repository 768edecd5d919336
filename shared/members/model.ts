/** Members as the member-management use cases see them, and the port their store implements. */
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { Member } from '#shared/tenants/model.ts';

/** Roles that can be given by a role change or an invitation; ownership moves only by transfer. */
export const assignableRoles = ['admin', 'member', 'viewer'] as const;
export const assignableRoleSchema = z.enum(assignableRoles);
export type AssignableRole = z.infer<typeof assignableRoleSchema>;

/** Cognito subs are UUIDs; anything else is refused before a database call. */
export const userIdSchema = z
  .string()
  .check(
    z.regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      'must be a user id (UUID)',
    ),
    z.meta({ example: '6f1c1f7e-58a4-4c39-9d0e-2f3b3c1d9a10' }),
  );

export interface MemberPage {
  readonly items: readonly Member[];
  readonly lastKey: PageKey | undefined;
}

/** Persistence port for members. Every write records its audit event in the same transaction. */
export interface MemberStore {
  get(scope: TenantScope, userId: string): Promise<Member | undefined>;
  list(
    scope: TenantScope,
    query: { readonly limit: number; readonly startKey?: PageKey },
  ): Promise<MemberPage>;
  /** NotFoundError when absent; PreconditionFailedError when `expectedVersion` is stale. */
  changeRole(
    scope: TenantScope,
    member: Member,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void>;
  /** Deletes the member and frees its seat; errors as changeRole. */
  remove(
    scope: TenantScope,
    userId: string,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<void>;
  /**
   * Makes `to` the owner and `from` an admin in one transaction; ConflictError when either changed
   * since it was read.
   */
  transferOwnership(
    scope: TenantScope,
    change: { readonly from: Member; readonly to: Member },
    audit: AuditEvent,
  ): Promise<void>;
}
