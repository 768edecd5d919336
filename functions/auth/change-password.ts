/** POST /v1/auth/password: change the caller's password; other sessions end, this one signs in again. */
import { changePasswordBodySchema } from '#shared/accounts/api-schemas.ts';
import { changePasswordAndSignIn } from '#shared/accounts/sign-in.ts';
import { routes } from '#shared/api/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.changePassword, {
  body: changePasswordBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) =>
    ok(
      await changePasswordAndSignIn({ ctx, meta: { requestId, sourceIp } }, body, {
        accounts: accountStore(),
        tenants: tenantStore(),
        store: tenantStore(),
        audit: auditStore(),
        directory: userDirectory(),
        verifier: issuedTokenReader(),
      }),
    ),
});
