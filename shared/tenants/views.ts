/** What the API shows of tenants and members: ids and fields a client needs, never keys or internals. */
import type { Member, Tenant } from './model.ts';

export interface TenantView {
  readonly id: string;
  readonly name: string;
  readonly plan: Tenant['plan'];
  readonly status: Tenant['status'];
  readonly createdAt: string;
}

export interface MemberView {
  readonly id: string;
  readonly email: string;
  readonly role: Member['role'];
  readonly status: Member['status'];
  readonly createdAt: string;
}

export function tenantView(tenant: Tenant): TenantView {
  return {
    id: tenant.tenantId,
    name: tenant.name,
    plan: tenant.plan,
    status: tenant.status,
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
