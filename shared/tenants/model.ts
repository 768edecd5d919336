/** The tenant and member records as the domain sees them, and the port their store implements. */
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import { roleSchema } from '#shared/auth/roles.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { billingStateSchema } from '#shared/billing/model.ts';
import { featureOverridesSchema, limitOverridesSchema, planNameSchema } from './plans.ts';

/** `suspended`: an operator stopped the tenant; every request of its members is a 403 until reactivated. */
export const tenantStatusSchema = z.enum(['active', 'suspended', 'deleting']);

/**
 * A plan an operator gave the tenant for free until `until` (a design partner's pro plan): it wins
 * over the paid plan while it lasts (effective-plan.ts). Billing never reads or writes it.
 */
export const complimentaryPlanSchema = z.object({
  plan: planNameSchema,
  until: z.string(),
  reason: z.string(),
  /** The operator who granted it. */
  grantedBy: z.string(),
});
export type ComplimentaryPlan = z.infer<typeof complimentaryPlanSchema>;
export const memberStatusSchema = z.enum(['active', 'disabled']);

export const tenantSchema = z.object({
  tenantId: z.string(),
  name: z.string(),
  plan: planNameSchema,
  status: tenantStatusSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().check(z.int()),
  /** Request limits an operator set for this tenant; each field replaces the plan's. */
  limits: z.optional(limitOverridesSchema),
  /** Features an operator turned on or off for this tenant; they win over the plan. */
  features: z.optional(featureOverridesSchema),
  /** Every member must enrol a TOTP authenticator before their tokens reach anything else. */
  requireMfa: z.optional(z.boolean()),
  /** The Stripe customer and subscription; written only by shared/billing's transition. */
  billing: z.optional(billingStateSchema),
  complimentaryPlan: z.optional(complimentaryPlanSchema),
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
  version: z.number().check(z.int()),
  /**
   * Epoch seconds of the member's last sign-out: tokens authenticated at or before it are refused.
   * Not part of `version`, so signing out never invalidates an admin's ETag of the member.
   */
  signedOutAt: z.optional(z.number().check(z.int())),
  /**
   * False from sign-up until the owner enters the code mailed to them; absent on accounts made
   * before verification existed and on invited members (the accepted token proved the address),
   * which count as verified. See shared/accounts/verified.ts for what an unverified account may do.
   */
  emailVerified: z.optional(z.boolean()),
  /** A TOTP authenticator is enrolled in Cognito and every sign-in asks for its code. */
  mfaEnabled: z.optional(z.boolean()),
});
export type Member = z.infer<typeof memberSchema>;

export interface TenantWithOwner {
  readonly tenant: Tenant;
  readonly owner: Member;
}

/** The settings a tenant admin may change; at least one is present. */
export interface TenantSettingsChange {
  readonly name?: string;
  readonly requireMfa?: boolean;
}

/** Persistence port for tenants and their memberships. */
export interface TenantStore {
  /**
   * Writes tenant, owner, the email guard, the counters (one seat taken) and the `tenant.created`
   * audit event atomically; ConflictError when the email is taken.
   */
  createTenantWithOwner(
    scope: TenantScope,
    record: TenantWithOwner,
    audit: AuditEvent,
  ): Promise<void>;
  /** Reads a tenant and one of its members in one round trip. */
  getTenantAndMember(
    scope: TenantScope,
    userId: string,
  ): Promise<{ tenant?: Tenant; member?: Member }>;
  /**
   * The tenant that holds an email, if any. `scope` only chooses the credentials (the guard is a
   * global item every tenant's role may check); sign-up passes the scope of the tenant it creates.
   */
  findEmailOwner(
    scope: TenantScope,
    email: string,
  ): Promise<{ tenantId: string; userId: string } | undefined>;
  getTenant(scope: TenantScope): Promise<Tenant | undefined>;
  /**
   * Changes the tenant's settings (its name, whether MFA is required); NotFoundError, or
   * PreconditionFailedError when `expectedVersion` is stale.
   */
  updateSettings(
    scope: TenantScope,
    changes: TenantSettingsChange,
    expectedVersion: number,
    audit: AuditEvent,
  ): Promise<Tenant>;
  /** Marks the member signed out at `signedOutAt` (epoch seconds), with its audit event. */
  signOut(
    scope: TenantScope,
    userId: string,
    signedOutAt: number,
    audit: AuditEvent,
  ): Promise<void>;
}
