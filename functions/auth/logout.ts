/**
 * POST /v1/auth/logout: revoke the caller's refresh token and refuse every older token of the caller;
 * a refresh token that is not the caller's own is a 404 and revokes nothing.
 */
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { authRoutes } from '#shared/auth/routes.ts';
import { signOut } from '#shared/auth/sessions.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(authRoutes.logout, {
  handle: async ({ caller, body }) => {
    await signOut(caller, body.refreshToken, {
      directory: userDirectory(),
      verifier: issuedTokenReader(),
      store: tenantStore(),
    });
    return noContent();
  },
});
