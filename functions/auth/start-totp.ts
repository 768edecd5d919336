/** POST /v1/auth/mfa/totp: start enrolling an authenticator app → its secret and otpauth:// URI. */
import { startTotpBodySchema } from '#shared/accounts/api-schemas.ts';
import { startTotpEnrolment } from '#shared/accounts/totp-enrolment.ts';
import { routes } from '#shared/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(routes.startTotp, {
  body: startTotpBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) =>
    ok(
      await startTotpEnrolment(
        { ctx, meta: { requestId, sourceIp } },
        body.password,
        totpEnrolmentDependencies(),
      ),
    ),
});
