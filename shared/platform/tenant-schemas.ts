/** Request and response schemas of the control plane's tenant routes. */
import * as z from 'zod/mini';
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { tenantIdSchema } from '#shared/auth/tenant-context.ts';
import { pageQueryShape } from '#shared/http/list.ts';
import { emailSchema } from '#shared/identity/password-policy.ts';
import { complimentaryPlanSchema, tenantStatusSchema } from '#shared/tenants/model.ts';
import {
  featureOverridesSchema,
  limitOverridesSchema,
  planNameSchema,
} from '#shared/tenants/plans.ts';
import { usageViewSchema } from '#shared/usage/api-schemas.ts';

export const tenantPathSchema = z.strictObject({ tenantId: tenantIdSchema });

export const listTenantsQuerySchema = z.strictObject({
  ...pageQueryShape,
  name: z.optional(
    z
      .string()
      .check(z.minLength(1), z.maxLength(100), z.meta({ description: 'Name prefix, any case' })),
  ),
  ownerEmail: z.optional(emailSchema),
  plan: z.optional(planNameSchema),
  status: z.optional(tenantStatusSchema),
});

export const tenantSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: planNameSchema.check(z.meta({ description: 'The plan the tenant pays for' })),
    effectivePlan: planNameSchema.check(
      z.meta({
        description: 'The plan its limits follow now (a complimentary plan wins while it lasts)',
      }),
    ),
    status: tenantStatusSchema,
    createdAt: z.string(),
  })
  .check(z.meta({ id: 'PlatformTenantSummary' }));

export const tenantSummaryPageSchema = pageSchema(tenantSummarySchema, 'PlatformTenantPage');

export const tenantDetailSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    plan: planNameSchema,
    effectivePlan: planNameSchema,
    complimentaryPlan: z.nullable(complimentaryPlanSchema),
    status: tenantStatusSchema,
    createdAt: z.string(),
    updatedAt: z.string(),
    requireMfa: z.boolean(),
    ownerEmail: z.nullable(z.string()),
    members: z.number().check(z.int()),
    usage: usageViewSchema,
    overrides: z.object({
      limits: z.nullable(limitOverridesSchema),
      features: z.nullable(featureOverridesSchema),
    }),
    lastActivity: z.nullable(
      z
        .object({ at: z.string(), action: z.string() })
        .check(z.meta({ description: "The newest event of the tenant's audit trail" })),
    ),
  })
  .check(z.meta({ id: 'PlatformTenant' }));
