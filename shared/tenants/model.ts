/** The tenant and member records as the domain sees them, and the port their store implements. */
import * as z from 'zod';
import { roleSchema } from '../auth/roles.ts';
import type { TenantScope } from '../auth/tenant-context.ts';
import { planNameSchema } from './plans.ts';

export const tenantStatusSchema = z.enum(['active', 'deleting']);
export const memberStatusSchema = z.enum(['active', 'disabled']);

export const tenantSchema = z.object({
  tenantId: z.string(),
  name: z.string(),
  plan: planNameSchema,
  status: tenantStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const memberSchema = z.object({
  tenantId: z.string(),
  userId: z.string(),
  email: z.string(),
  role: roleSchema,
  status: memberStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Member = z.infer<typeof memberSchema>;

export interface TenantWithOwner {
  readonly tenant: Tenant;
  readonly owner: Member;
}

/** Persistence port for tenants and their memberships. */
export interface TenantStore {
  /** Writes tenant, owner and the email guard atomically; ConflictError when the email is taken. */
  createTenantWithOwner(scope: TenantScope, record: TenantWithOwner): Promise<void>;
  /** Reads a tenant and one of its members in one round trip. */
  getTenantAndMember(
    scope: TenantScope,
    userId: string,
  ): Promise<{ tenant?: Tenant; member?: Member }>;
  /** The tenant that holds an email, if any (sign-up uses it to recover from a half-done sign-up). */
  findEmailOwner(email: string): Promise<{ tenantId: string; userId: string } | undefined>;
}
