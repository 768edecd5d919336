/**
 * The only ways to obtain a tenant scope: from the authorizer's verified context, from verified JWT
 * claims, or for a tenant being created right now. Key builders accept nothing else, so no request
 * field can ever name the tenant whose items are read or written.
 */

import { ulid } from 'ulid';
import * as z from 'zod';
import { type PlanName, planNameSchema } from '../tenants/plans.ts';
import { type Role, roleSchema } from './roles.ts';

declare const verifiedTenant: unique symbol;

export interface TenantScope {
  readonly tenantId: string;
  /** Compile-time brand: a plain `{ tenantId }` built from request data is not a TenantScope. */
  readonly [verifiedTenant]: true;
}

export interface TenantContext extends TenantScope {
  readonly userId: string;
  readonly role: Role;
  readonly plan: PlanName;
}

export const tenantIdSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'not a tenant id');

const authorizerContextSchema = z.object({
  tenantId: tenantIdSchema,
  userId: z.string().min(1).max(128),
  role: roleSchema,
  plan: planNameSchema,
});

function brand<T extends { tenantId: string }>(value: T): T & TenantScope {
  return value as T & TenantScope;
}

/** Reads the context the authorizer attached to the request; anything else is not trusted. */
export function tenantContextFromAuthorizer(authorizer: unknown): TenantContext | undefined {
  const parsed = authorizerContextSchema.safeParse(authorizer);
  return parsed.success ? brand(parsed.data) : undefined;
}

/** Builds the scope of a tenant named by a token whose signature, issuer and audience were verified. */
export function tenantScopeFromVerifiedClaims(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/** A fresh tenant id, for sign-up only. */
export function newTenantScope(): TenantScope {
  return brand({ tenantId: ulid() });
}

export function toTenantContext(
  scope: TenantScope,
  member: { userId: string; role: Role },
  plan: PlanName,
): TenantContext {
  return brand({ tenantId: scope.tenantId, userId: member.userId, role: member.role, plan });
}
