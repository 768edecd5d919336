/** POST /v1/platform/auth/login: an operator's password → the TOTP enrolment or challenge, never tokens. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { limitSignIn } from '#shared/limits/request-limiter.ts';
import { operatorDirectory } from '#shared/platform/operator-accounts.ts';
import { platformAuthRoutes } from '#shared/platform/routes.ts';
import { logInOperator } from '#shared/platform/sign-in.ts';

export const handler = apiHandler(platformAuthRoutes.operatorLogin, {
  handle: async ({ body, meta }) =>
    ok(
      await limitSignIn(body.email, meta.sourceIp, () => logInOperator(body, operatorDirectory())),
    ),
});
