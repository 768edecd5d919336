/** Request and response schemas of the control plane's tenant routes. */
import * as z from 'zod/mini';
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { tenantIdSchema } from '#shared/auth/tenant-context.ts';
import { subscriptionSnapshotSchema } from '#shared/billing/model.ts';
import { pageQueryShape } from '#shared/http/list.ts';
import { emailSchema } from '#shared/identity/password-policy.ts';
import { complimentaryPlanSchema, tenantStatusSchema } from '#shared/tenants/model.ts';
import {
  featureOverridesSchema,
  limitOverridesSchema,
  planNameSchema,
} from '#shared/tenants/plans.ts';
import { usageViewSchema } from '#shared/usage/api-schemas.ts';
import { costTotalsSchema } from './cost-schemas.ts';

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
    subscription: z.nullable(subscriptionSnapshotSchema),
    cost: z.object({ period: z.string(), ...costTotalsSchema.shape }),
  })
  .check(z.meta({ id: 'PlatformTenant' }));

const reasonSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(500),
    z.meta({ description: 'Why; kept in both audit trails' }),
  );

export const reasonBodySchema = z
  .strictObject({ reason: reasonSchema })
  .check(z.meta({ id: 'OperatorReason', example: { reason: 'Abuse report #4711' } }));

export const tenantStatusViewSchema = z
  .object({ id: z.string(), status: z.enum(['active', 'suspended']) })
  .check(z.meta({ id: 'PlatformTenantStatus' }));

export const complimentaryPlanBodySchema = z
  .strictObject({ plan: planNameSchema, until: z.iso.datetime(), reason: reasonSchema })
  .check(
    z.meta({
      id: 'ComplimentaryPlanGrant',
      example: { plan: 'pro', until: '2027-06-30T00:00:00Z', reason: 'Design partner' },
    }),
  );

export const complimentaryPlanViewSchema = complimentaryPlanSchema.check(
  z.meta({ id: 'ComplimentaryPlan' }),
);

export const overridesBodySchema = z
  .strictObject({
    limits: z.nullable(limitOverridesSchema),
    features: z.nullable(featureOverridesSchema),
    reason: reasonSchema,
  })
  .check(
    z.meta({
      id: 'TenantOverridesChange',
      example: { limits: { requestsPerSecond: 20 }, features: { sso: true }, reason: 'Pilot' },
    }),
  );

export const overridesViewSchema = z
  .object({
    limits: z.nullable(limitOverridesSchema),
    features: z.nullable(featureOverridesSchema),
  })
  .check(z.meta({ id: 'TenantOverrides' }));

export const offboardingBodySchema = z
  .strictObject({
    reason: reasonSchema,
    confirm: z
      .string()
      .check(z.minLength(1), z.maxLength(200), z.meta({ description: "The tenant's exact name" })),
  })
  .check(z.meta({ id: 'OperatorOffboarding' }));

export const startedJobSchema = z
  .object({ jobId: z.string(), status: z.enum(['queued', 'deleting']) })
  .check(z.meta({ id: 'PlatformStartedJob' }));
