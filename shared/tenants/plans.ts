/** Plans are data: one typed table of every limit and feature each tier gets. */
import * as z from 'zod/mini';

export const planNames = ['free', 'pro', 'enterprise'] as const;
export const planNameSchema = z.enum(planNames);
export type PlanName = z.infer<typeof planNameSchema>;

/** Every feature flag the code asks about (shared/features). */
export const featureNames = ['auditExport', 'sso', 'usageInsights'] as const;
export const featureNameSchema = z.enum(featureNames);
export type FeatureName = z.infer<typeof featureNameSchema>;

/** What a plan says about each feature; a feature it does not name falls to rollout and default. */
export type PlanFeatures = Readonly<Partial<Record<FeatureName, boolean>>>;

export interface PlanLimits {
  readonly maxProjects: number;
  readonly maxWebhooks: number;
  readonly maxSeats: number;
  /** Steady-state requests per second, per tenant (the token bucket's refill rate). */
  readonly requestsPerSecond: number;
  /** Requests a tenant may send at once after a quiet spell (the token bucket's capacity). */
  readonly burst: number;
  /** Requests per calendar month (UTC); the same counter is the tenant's billed usage. */
  readonly monthlyRequests: number;
  readonly features: PlanFeatures;
}

/** The limits on how many items of a tenant resource (shared/resources) a tenant may have. */
export type ResourceLimit = 'maxProjects' | 'maxWebhooks';
/** The request limits an operator may set per tenant, on the tenant item; each replaces the plan's. */
export const limitOverridesSchema = z.object({
  requestsPerSecond: z.optional(z.number().check(z.positive(), z.lte(100_000))),
  burst: z.optional(z.number().check(z.int(), z.positive(), z.lte(1_000_000))),
  monthlyRequests: z.optional(z.number().check(z.int(), z.positive())),
});
export type LimitOverrides = z.infer<typeof limitOverridesSchema>;

/** Per-tenant features an operator turned on or off; they win over the plan. */
export const featureOverridesSchema = z.partialRecord(featureNameSchema, z.boolean());
export type FeatureOverrides = z.infer<typeof featureOverridesSchema>;

/** What an operator set on one tenant; read with the plan, by the authorizer. */
export const tenantOverridesSchema = z.object({
  limits: z.optional(limitOverridesSchema),
  features: z.optional(featureOverridesSchema),
});
export type TenantOverrides = z.infer<typeof tenantOverridesSchema>;

export const plans: Readonly<Record<PlanName, PlanLimits>> = {
  free: {
    maxProjects: 3,
    maxWebhooks: 2,
    maxSeats: 3,
    requestsPerSecond: 5,
    burst: 10,
    monthlyRequests: 100_000,
    features: { auditExport: false, sso: false },
  },
  pro: {
    maxProjects: 100,
    maxWebhooks: 20,
    maxSeats: 25,
    requestsPerSecond: 50,
    burst: 100,
    monthlyRequests: 5_000_000,
    features: { auditExport: true, sso: false },
  },
  enterprise: {
    maxProjects: 10_000,
    maxWebhooks: 100,
    maxSeats: 1_000,
    requestsPerSecond: 500,
    burst: 1_000,
    monthlyRequests: 100_000_000,
    features: { auditExport: true, sso: true },
  },
};
