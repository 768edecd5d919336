/** Request and response schemas of login and refresh. */
import * as z from 'zod/mini';
import { emailSchema } from './password-policy.ts';

export const loginBodySchema = z
  .strictObject({
    email: emailSchema,
    password: z.string().check(z.minLength(1), z.maxLength(256)),
  })
  .check(
    z.meta({ id: 'Login', example: { email: 'owner@acme.test', password: 'Correct-Horse-9' } }),
  );

export const refreshBodySchema = z
  .strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) })
  .check(z.meta({ id: 'Refresh' }));

export const logoutBodySchema = z
  .strictObject({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) })
  .check(z.meta({ id: 'Logout' }));

export const tokensSchema = z
  .object({
    idToken: z.string().check(z.meta({ description: 'Send as `Authorization: Bearer <idToken>`' })),
    accessToken: z.string(),
    refreshToken: z.optional(z.string()).check(z.meta({ description: 'Only on login' })),
    expiresIn: z.number().check(z.int()),
    tokenType: z.literal('Bearer'),
  })
  .check(z.meta({ id: 'Tokens' }));
