/** POST /v1/auth/refresh: a refresh token for fresh ID and access tokens, while still an active member. */
import { routes } from '#shared/api/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { refreshSession } from '#shared/auth/sessions.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { refreshBodySchema } from '#shared/identity/api-schemas.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.refresh, {
  body: refreshBodySchema,
  handle: async ({ body }) =>
    ok(
      await refreshSession(body.refreshToken, {
        directory: userDirectory(),
        verifier: issuedTokenReader(),
        store: tenantStore(),
      }),
    ),
});
