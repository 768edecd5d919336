/** POST /v1/auth/login: email and password for Cognito tokens; a wrong password is a 401. */

import { routes } from '#lib/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { loginBodySchema } from '#shared/identity/api-schemas.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.login, {
  body: loginBodySchema,
  handle: async ({ body }) => ok(await userDirectory().signIn(body.email, body.password)),
});
