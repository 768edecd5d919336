/**
 * The only ways to obtain a tenant scope: from the authorizer's verified context, from verified JWT
 * claims, from a redeemed invitation token, or for a tenant being created right now. Key builders
 * accept nothing else, so no request field can ever name the tenant whose items are read or written.
 */

import * as z from 'zod/mini';
import { type BillingHold, billingHoldOf, decodeBillingHold } from '#shared/billing/access.ts';
import type { BillingState } from '#shared/billing/model.ts';
import { newUlid } from '#shared/ids.ts';
import type { OperatorContext } from '#shared/platform/operator-context.ts';
import { effectivePlan } from '#shared/tenants/effective-plan.ts';
import type { ComplimentaryPlan } from '#shared/tenants/model.ts';
import {
  type PlanName,
  planNameSchema,
  type TenantOverrides,
  tenantOverridesSchema,
} from '#shared/tenants/plans.ts';
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
  /** What an operator set on this tenant (limits, features); read with the plan, from the tenant item. */
  readonly overrides?: TenantOverrides;
  /**
   * The tenant requires MFA and this member has not enrolled yet: the API lets the token reach the
   * enrolment routes only (shared/http/api-handler.ts).
   */
  readonly mfaSetupRequired: boolean;
  /** The tenant's subscription is past due or unpaid: writes may be refused (shared/billing/access.ts). */
  readonly billingHold?: BillingHold;
  /** An operator suspended the tenant: the API answers 403 `tenant_suspended` and runs nothing. */
  readonly suspended: boolean;
}

export const tenantIdSchema = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'not a tenant id'));

const authorizerContextSchema = z.object({
  tenantId: tenantIdSchema,
  userId: z.string().check(z.minLength(1), z.maxLength(128)),
  role: roleSchema,
  plan: planNameSchema,
  // API Gateway carries only flat string values in an authorizer context: the overrides as JSON.
  overrides: z.optional(z.string()),
  billingHold: z.optional(z.string()),
  // API Gateway hands authorizer context values to the function as strings. Our authorizer always
  // sets it; only hand-made contexts (tests, the bench) leave it out, meaning "nothing to enrol".
  mfaSetupRequired: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((flag: 'true' | 'false' | undefined) => flag === 'true'),
  ),
  suspended: z.pipe(
    z.optional(z.enum(['true', 'false'])),
    z.transform((flag: 'true' | 'false' | undefined) => flag === 'true'),
  ),
});

function parseOverrides(json: string | undefined): TenantOverrides | undefined {
  if (json === undefined) return undefined;
  try {
    const parsed = tenantOverridesSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

function brand<T extends { tenantId: string }>(value: T): T & TenantScope {
  return value as T & TenantScope;
}

/**
 * What each authorizer context read to, by the context object itself: the API middleware (log keys,
 * rate limit, feature gate, role check) and the handler all ask for one request's caller, which is
 * parsed once.
 */
const readContexts = new WeakMap<object, TenantContext | undefined>();

/** Reads the context the authorizer attached to the request; anything else is not trusted. */
export function tenantContextFromAuthorizer(authorizer: unknown): TenantContext | undefined {
  if (typeof authorizer !== 'object' || authorizer === null) return undefined;
  if (readContexts.has(authorizer)) return readContexts.get(authorizer);
  const context = readAuthorizerContext(authorizer);
  readContexts.set(authorizer, context);
  return context;
}

function readAuthorizerContext(authorizer: object): TenantContext | undefined {
  const parsed = authorizerContextSchema.safeParse(authorizer);
  if (!parsed.success) return undefined;
  const { overrides, billingHold, ...context } = parsed.data;
  const tenantOverrides = parseOverrides(overrides);
  const hold = decodeBillingHold(billingHold);
  return brand({
    ...context,
    ...(tenantOverrides && { overrides: tenantOverrides }),
    ...(hold && { billingHold: hold }),
  });
}

/** Builds the scope of a tenant named by a token whose signature, issuer and audience were verified. */
export function tenantScopeFromVerifiedClaims(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of the tenant an invitation token was issued for. The id comes from our own lookup
 * item, found by the hash of a 256-bit secret that only the invitee received; no request field
 * names it.
 */
export function tenantScopeFromInvitation(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of the tenant an email belongs to, read from that email's guard item (keys.ts
 * emailGuard). Only our sign-up and invitation transactions write guards, from a verified scope, so
 * the id is ours; the public account routes (forgot password, verify email) find the user this way.
 */
export function tenantScopeFromEmailGuard(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of a job's tenant. The envelope's tenant id was taken from a verified scope when the job
 * was enqueued, and only this backend's functions may send to the job queues (IAM), so the id is as
 * trustworthy as the scope it came from; it is still validated here.
 */
export function tenantScopeFromJob(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of a tenant listed in this backend's own active-tenant index (scheduled work); the id
 * was written there by sign-up, from a scope, and is validated again here.
 */
export function tenantScopeFromIndex(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of the tenant an operator restores from a copy of the table (`npm run restore-tenant`).
 * The id comes from the operator's command line, run with credentials to the whole table; it is
 * validated here, and the restore reads and writes only this tenant's partitions and the global
 * items that its own items name.
 */
export function tenantScopeForRestore(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/**
 * The scope of the tenant a Stripe customer belongs to, read from our own `STRIPE#<customerId>`
 * link item (written from a verified scope at the first checkout); the customer id comes from an
 * event whose Stripe signature was verified.
 */
export function tenantScopeFromCustomerLink(tenantId: string): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

/** A fresh tenant id, for sign-up only. */
export function newTenantScope(): TenantScope {
  return brand({ tenantId: newUlid() });
}

/**
 * The scope of a tenant an operator acts on from the control plane. Naming any tenant is what an
 * operator is for: the operator was verified by the operator authorizer (the brand of
 * OperatorContext), and the id from the request path is validated here; the tenant-scoped
 * credentials built from this scope still reach that one tenant's items only.
 */
export function tenantScopeForOperator(
  _operator: OperatorContext,
  tenantId: string,
): TenantScope | undefined {
  return tenantIdSchema.safeParse(tenantId).success ? brand({ tenantId }) : undefined;
}

export function toTenantContext(
  scope: TenantScope,
  member: { userId: string; role: Role; mfaEnabled?: boolean | undefined },
  tenant: {
    plan: PlanName;
    status?: string;
    complimentaryPlan?: ComplimentaryPlan | undefined;
    requireMfa?: boolean | undefined;
    limits?: TenantOverrides['limits'];
    features?: TenantOverrides['features'];
    billing?: BillingState | undefined;
  },
  now: Date = new Date(),
): TenantContext {
  const hold = billingHoldOf(tenant.billing);
  return brand({
    tenantId: scope.tenantId,
    userId: member.userId,
    role: member.role,
    // A complimentary plan while it lasts: every limit reader reads ctx.plan.
    plan: effectivePlan(tenant, now),
    mfaSetupRequired: tenant.requireMfa === true && member.mfaEnabled !== true,
    ...(hold && { billingHold: hold }),
    suspended: tenant.status === 'suspended',
    ...((tenant.limits || tenant.features) && {
      overrides: {
        ...(tenant.limits && { limits: tenant.limits }),
        ...(tenant.features && { features: tenant.features }),
      },
    }),
  });
}
