/** POST /v1/auth/mfa/totp/confirm: the first code turns MFA on; every session ends. */
import { totpCodeBodySchema } from '#shared/accounts/api-schemas.ts';
import { confirmTotpEnrolment } from '#shared/accounts/totp-enrolment.ts';
import { routes } from '#shared/api/routes.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(routes.confirmTotp, {
  body: totpCodeBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) => {
    await confirmTotpEnrolment(
      { ctx, meta: { requestId, sourceIp } },
      body,
      totpEnrolmentDependencies(),
    );
    return { statusCode: 204 };
  },
});
