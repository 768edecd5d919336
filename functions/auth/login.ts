/**
 * POST /v1/auth/login: email and password for Cognito tokens, for active members only; audited. A
 * user with an authenticator app gets the MFA challenge instead.
 */
import { logInOrChallenge } from '#shared/accounts/sign-in.ts';
import { routes } from '#shared/api/routes.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { loginBodySchema } from '#shared/identity/api-schemas.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.login, {
  body: loginBodySchema,
  handle: async ({ body, requestId, sourceIp }) =>
    ok(
      await logInOrChallenge(
        body,
        { requestId, sourceIp },
        {
          directory: userDirectory(),
          verifier: issuedTokenReader(),
          store: tenantStore(),
          audit: auditStore(),
          accounts: accountStore(),
        },
      ),
    ),
});
