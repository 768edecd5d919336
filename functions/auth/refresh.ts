/** POST /v1/auth/refresh: a refresh token for fresh ID and access tokens. */

import { z } from 'zod';
import { routes } from '#lib/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

const body = z.strictObject({
  refreshToken: z.string().min(1).max(8192),
});

export const handler = apiHandler(routes.refresh, {
  body,
  handle: async ({ body }) => ok(await userDirectory().refresh(body.refreshToken)),
});
