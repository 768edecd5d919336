/** POST /v1/auth/refresh: a refresh token for fresh ID and access tokens. */

import { routes } from '#lib/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { refreshBodySchema } from '#shared/identity/api-schemas.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.refresh, {
  body: refreshBodySchema,
  handle: async ({ body }) => ok(await userDirectory().refresh(body.refreshToken)),
});
