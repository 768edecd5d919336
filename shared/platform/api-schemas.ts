/** Request and response schemas of the control plane's sign-in routes. */
import * as z from 'zod/mini';
import { emailSchema } from '#shared/identity/password-policy.ts';

const totpCodeSchema = z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code'));
const passwordInputSchema = z.string().check(z.minLength(1), z.maxLength(256));

export const operatorLoginBodySchema = z
  .strictObject({ email: emailSchema, password: passwordInputSchema })
  .check(
    z.meta({
      id: 'OperatorLogin',
      example: { email: 'ops@tenantkit.test', password: 'Correct-Horse-9' },
    }),
  );

export const operatorLoginSchema = z
  .union([
    z.object({
      challenge: z.literal('MFA_SETUP'),
      secret: z.string(),
      otpauthUri: z
        .string()
        .check(
          z.meta({ description: 'Scan it, then send a code to POST /v1/platform/auth/mfa/setup' }),
        ),
    }),
    z.object({
      challenge: z.literal('SOFTWARE_TOKEN_MFA'),
      session: z
        .string()
        .check(z.meta({ description: 'Send to POST /v1/platform/auth/login/mfa' })),
      expiresIn: z.number().check(z.int()),
    }),
  ])
  .check(z.meta({ id: 'OperatorLoginChallenge' }));

export const operatorMfaSetupBodySchema = z
  .strictObject({ email: emailSchema, password: passwordInputSchema, code: totpCodeSchema })
  .check(
    z.meta({
      id: 'OperatorMfaSetup',
      example: { email: 'ops@tenantkit.test', password: 'Correct-Horse-9', code: '123456' },
    }),
  );

export const operatorLoginMfaBodySchema = z
  .strictObject({
    email: emailSchema,
    session: z.string().check(z.minLength(1), z.maxLength(4096)),
    code: totpCodeSchema,
  })
  .check(z.meta({ id: 'OperatorLoginMfa' }));

export const operatorSchema = z
  .object({ operatorId: z.string(), email: z.string() })
  .check(z.meta({ id: 'Operator' }));
