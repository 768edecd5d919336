/** What the API shows of tenants and members: ids and fields a client needs, never keys or internals. */
import type * as z from 'zod/mini';
import type { memberViewSchema, tenantViewSchema } from './api-schemas.ts';
import type { Member, Tenant } from './model.ts';

export type TenantView = z.infer<typeof tenantViewSchema>;
export type MemberView = z.infer<typeof memberViewSchema>;

export function tenantView(tenant: Tenant): TenantView {
  return {
    id: tenant.tenantId,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
    requireMfa: tenant.requireMfa === true,
    createdAt: tenant.createdAt,
  };
}

export function memberView(member: Member): MemberView {
  return {
    id: member.userId,
    email: member.email,
    role: member.role,
    status: member.status,
    createdAt: member.createdAt,
  };
}
