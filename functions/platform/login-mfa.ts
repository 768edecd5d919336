/** POST /v1/platform/auth/login/mfa: Cognito's challenge session and a TOTP code → operator tokens. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { limitSignIn } from '#shared/limits/request-limiter.ts';
import { operatorDirectory } from '#shared/platform/operator-accounts.ts';
import { platformAuthRoutes } from '#shared/platform/routes.ts';
import { finishOperatorMfa } from '#shared/platform/sign-in.ts';

export const handler = apiHandler(platformAuthRoutes.operatorLoginMfa, {
  handle: async ({ body, meta }) =>
    ok(
      await limitSignIn(body.email, meta.sourceIp, () =>
        finishOperatorMfa(body, operatorDirectory()),
      ),
    ),
});
