/** POST /v1/auth/login/mfa: finish a sign-in with the login's session and a TOTP code. */
import { finishMfaSignIn } from '#shared/accounts/mfa-sign-in.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.loginMfa, {
  handle: async ({ body, meta }) =>
    ok(
      await finishMfaSignIn(body, meta, {
        accounts: accountStore(),
        directory: userDirectory(),
        verifier: issuedTokenReader(),
        store: tenantStore(),
        audit: auditStore(),
      }),
    ),
});
