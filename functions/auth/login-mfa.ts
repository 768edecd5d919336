/** POST /v1/auth/login/mfa: finish a sign-in with the login's session and a TOTP code. */
import { loginMfaBodySchema } from '#shared/accounts/api-schemas.ts';
import { finishMfaSignIn } from '#shared/accounts/mfa-sign-in.ts';
import { routes } from '#shared/api/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.loginMfa, {
  body: loginMfaBodySchema,
  handle: async ({ body, requestId, sourceIp }) =>
    ok(
      await finishMfaSignIn(
        body,
        { requestId, sourceIp },
        {
          accounts: accountStore(),
          directory: userDirectory(),
          verifier: issuedTokenReader(),
          store: tenantStore(),
          audit: auditStore(),
        },
      ),
    ),
});
