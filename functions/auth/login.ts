/**
 * POST /v1/auth/login: email and password for Cognito tokens, for active members only; audited, and
 * within the failure budgets of the email and of the (email, source IP) pair. A user with an
 * authenticator app gets the MFA challenge instead of tokens.
 */
import { logInOrChallenge } from '#shared/accounts/sign-in.ts';
import { issuedTokenReader } from '#shared/auth/issued-token-reader.ts';
import { authRoutes } from '#shared/auth/routes.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { limitSignIn } from '#shared/limits/request-limiter.ts';

export const handler = apiHandler(authRoutes.login, {
  handle: async ({ body, meta }) =>
    ok(
      await limitSignIn(body.email, meta.sourceIp, () =>
        logInOrChallenge(body, meta, {
          directory: userDirectory(),
          verifier: issuedTokenReader(),
          store: tenantStore(),
          audit: auditStore(),
          accounts: accountStore(),
        }),
      ),
    ),
});
