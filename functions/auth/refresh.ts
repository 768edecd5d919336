/** POST /v1/auth/refresh: a refresh token for fresh ID and access tokens, while still an active member. */
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { authRoutes } from '#shared/auth/routes.ts';
import { refreshSession } from '#shared/auth/sessions.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(authRoutes.refresh, {
  handle: async ({ body }) =>
    ok(
      await refreshSession(body.refreshToken, {
        directory: userDirectory(),
        verifier: issuedTokenReader(),
        store: tenantStore(),
      }),
    ),
});
