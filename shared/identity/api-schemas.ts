/** Request and response schemas of login and refresh. */
import * as z from 'zod';
import { emailSchema } from './password-policy.ts';

export const loginBodySchema = z
  .strictObject({ email: emailSchema, password: z.string().min(1).max(256) })
  .meta({ id: 'Login', example: { email: 'owner@acme.test', password: 'Correct-Horse-9' } });

export const refreshBodySchema = z
  .strictObject({ refreshToken: z.string().min(1).max(8192) })
  .meta({ id: 'Refresh' });

export const logoutBodySchema = z
  .strictObject({ refreshToken: z.string().min(1).max(8192) })
  .meta({ id: 'Logout' });

export const tokensSchema = z
  .object({
    idToken: z.string().meta({ description: 'Send as `Authorization: Bearer <idToken>`' }),
    accessToken: z.string(),
    refreshToken: z.string().optional().meta({ description: 'Only on login' }),
    expiresIn: z.number().int(),
    tokenType: z.literal('Bearer'),
  })
  .meta({ id: 'Tokens' });
