/** POST /v1/auth/password: change the caller's password; other sessions end, this one signs in again. */

import { accountRoutes } from '#shared/accounts/routes.ts';
import { changePasswordAndSignIn } from '#shared/accounts/sign-in.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.changePassword, {
  handle: async ({ caller, body }) =>
    ok(
      await changePasswordAndSignIn(caller, body, {
        accounts: accountStore(),
        tenants: tenantStore(),
        store: tenantStore(),
        audit: auditStore(),
        directory: userDirectory(),
        verifier: issuedTokenReader(),
      }),
    ),
});
