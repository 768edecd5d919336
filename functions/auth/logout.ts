/**
 * POST /v1/auth/logout: revoke the caller's refresh token and refuse every older token of the caller;
 * a refresh token that is not the caller's own is a 404 and revokes nothing.
 */
import { routes } from '#shared/api/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { signOut } from '#shared/auth/sessions.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { logoutBodySchema } from '#shared/identity/api-schemas.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.logout, {
  body: logoutBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) => {
    await signOut({ ctx, meta: { requestId, sourceIp } }, body.refreshToken, {
      directory: userDirectory(),
      verifier: issuedTokenReader(),
      store: tenantStore(),
    });
    return { statusCode: 204 };
  },
});
