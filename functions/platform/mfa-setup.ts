/** POST /v1/platform/auth/mfa/setup: the first code of an operator's new authenticator → tokens. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { limitSignIn } from '#shared/limits/request-limiter.ts';
import { operatorDirectory } from '#shared/platform/operator-accounts.ts';
import { platformAuthRoutes } from '#shared/platform/routes.ts';
import { enrolOperatorTotp } from '#shared/platform/sign-in.ts';

export const handler = apiHandler(platformAuthRoutes.operatorMfaSetup, {
  handle: async ({ body, meta }) =>
    ok(
      await limitSignIn(body.email, meta.sourceIp, () =>
        enrolOperatorTotp(body, operatorDirectory()),
      ),
    ),
});
