/** Request and response schemas of sign-up and /v1/me: handlers validate with them, OpenAPI is built from them. */
import * as z from 'zod/mini';
import { roleSchema } from '#shared/auth/roles.ts';
import { emailSchema, passwordSchema } from '#shared/identity/password-policy.ts';
import { memberStatusSchema, tenantStatusSchema } from './model.ts';
import { featureNameSchema, planNameSchema } from './plans.ts';

export const signUpBodySchema = z
  .strictObject({
    tenantName: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
    email: emailSchema,
    password: passwordSchema,
  })
  .check(
    z.meta({
      id: 'SignUp',
      example: { tenantName: 'Acme', email: 'owner@acme.test', password: 'Correct-Horse-9' },
    }),
  );

export const tenantViewSchema = z
  .object({
    id: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    name: z.string(),
    plan: planNameSchema,
    status: tenantStatusSchema,
    requireMfa: z.boolean(),
    createdAt: z.string().check(z.meta({ format: 'date-time' })),
  })
  .check(z.meta({ id: 'Tenant' }));

export const memberViewSchema = z
  .object({
    id: z.string().check(z.meta({ example: '6f1c1f7e-58a4-4c39-9d0e-2f3b3c1d9a10' })),
    email: z.string(),
    role: roleSchema,
    status: memberStatusSchema,
    createdAt: z.string().check(z.meta({ format: 'date-time' })),
  })
  .check(z.meta({ id: 'Member' }));

export const signUpResultSchema = z
  .object({ tenant: tenantViewSchema, user: memberViewSchema })
  .check(z.meta({ id: 'SignUpResult' }));

export const callerViewSchema = z
  .object({
    user: memberViewSchema,
    tenant: tenantViewSchema,
    role: roleSchema,
    plan: planNameSchema,
    /** The features on for the caller's tenant (override, plan, rollout, default). */
    features: z.array(featureNameSchema),
    account: z
      .object({
        emailVerified: z.boolean(),
        mfaEnabled: z.boolean(),
      })
      .check(z.meta({ description: 'An unverified email may not invite, export or check out' })),
  })
  .check(z.meta({ id: 'Caller' }));

export const updateTenantBodySchema = z
  .strictObject({
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
    requireMfa: z.optional(
      z.boolean().check(
        z.meta({
          description:
            'Every member must enrol an authenticator app; until they do, their tokens reach only the enrolment routes',
        }),
      ),
    ),
  })
  .check(
    z.refine((body) => body.name !== undefined || body.requireMfa !== undefined, {
      message: 'name or requireMfa is required',
    }),
    z.meta({ id: 'UpdateTenant', example: { name: 'Acme Corporation', requireMfa: true } }),
  );

export const transferredOwnershipSchema = z
  .object({ owner: memberViewSchema, previousOwner: memberViewSchema })
  .check(z.meta({ id: 'TransferredOwnership' }));
