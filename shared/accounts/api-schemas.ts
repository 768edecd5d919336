/** Request and response schemas of the account routes: verification, passwords, email change and MFA. */
import * as z from 'zod/mini';
import { emailSchema, passwordSchema } from '#shared/identity/password-policy.ts';

/** A mailed code: eight digits. Anything else cannot be one and is refused before any lookup. */
const mailedCodeSchema = z.string().check(z.regex(/^[0-9]{8}$/, 'must be the 8-digit code'));
/** A TOTP code: six digits. */
const totpCodeSchema = z.string().check(z.regex(/^[0-9]{6}$/, 'must be the 6-digit code'));
const currentPasswordSchema = z.string().check(z.minLength(1), z.maxLength(256));

export const verifyEmailBodySchema = z
  .strictObject({ email: emailSchema, code: mailedCodeSchema })
  .check(z.meta({ id: 'VerifyEmail', example: { email: 'owner@acme.test', code: '40718235' } }));

export const emailOnlyBodySchema = z
  .strictObject({ email: emailSchema })
  .check(z.meta({ id: 'EmailOnly', example: { email: 'owner@acme.test' } }));

export const resetPasswordBodySchema = z
  .strictObject({ email: emailSchema, code: mailedCodeSchema, newPassword: passwordSchema })
  .check(
    z.meta({
      id: 'ResetPassword',
      example: { email: 'owner@acme.test', code: '40718235', newPassword: 'Another-Horse-7' },
    }),
  );

export const changePasswordBodySchema = z
  .strictObject({ currentPassword: currentPasswordSchema, newPassword: passwordSchema })
  .check(
    z.meta({
      id: 'ChangePassword',
      example: { currentPassword: 'Correct-Horse-9', newPassword: 'Another-Horse-7' },
    }),
  );

export const changeEmailBodySchema = z
  .strictObject({ newEmail: emailSchema, currentPassword: currentPasswordSchema })
  .check(
    z.meta({
      id: 'ChangeEmail',
      example: { newEmail: 'dana@acme.test', currentPassword: 'Correct-Horse-9' },
    }),
  );

export const confirmEmailChangeBodySchema = z
  .strictObject({ code: mailedCodeSchema })
  .check(z.meta({ id: 'ConfirmEmailChange', example: { code: '40718235' } }));

export const loginMfaBodySchema = z
  .strictObject({
    session: z.string().check(z.minLength(1), z.maxLength(1024)),
    code: totpCodeSchema,
  })
  .check(
    z.meta({ id: 'LoginMfa', example: { session: 'b3duZXJAYWNtZS50ZXN0Ci4uLg', code: '123456' } }),
  );

export const mfaChallengeSchema = z
  .object({
    challenge: z.literal('SOFTWARE_TOKEN_MFA'),
    session: z.string().check(z.meta({ description: 'Send to POST /v1/auth/login/mfa' })),
    expiresIn: z.number().check(z.int()),
  })
  .check(z.meta({ id: 'MfaChallenge' }));

export const startTotpBodySchema = z
  .strictObject({ password: currentPasswordSchema })
  .check(z.meta({ id: 'StartTotp', example: { password: 'Correct-Horse-9' } }));

export const totpCodeBodySchema = z
  .strictObject({ password: currentPasswordSchema, code: totpCodeSchema })
  .check(z.meta({ id: 'TotpCode', example: { password: 'Correct-Horse-9', code: '123456' } }));

export const totpEnrolmentSchema = z
  .object({
    secret: z.string().check(z.meta({ description: 'Base32 TOTP secret; shown only here' })),
    otpauthUri: z.string().check(z.meta({ description: 'otpauth://totp/… for a QR code' })),
  })
  .check(z.meta({ id: 'TotpEnrolment' }));
