/** POST /v1/auth/login: email and password for Cognito tokens; a wrong password is a 401. */

import { z } from 'zod';
import { routes } from '#lib/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { emailSchema } from '#shared/identity/password-policy.ts';

const body = z.strictObject({
  email: emailSchema,
  password: z.string().min(1).max(256),
});

export const handler = apiHandler(routes.login, {
  body,
  handle: async ({ body }) => ok(await userDirectory().signIn(body.email, body.password)),
});
