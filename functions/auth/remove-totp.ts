/** DELETE /v1/auth/mfa/totp: remove the authenticator, with the password and a current code. */
import { totpCodeBodySchema } from '#shared/accounts/api-schemas.ts';
import { removeTotp } from '#shared/accounts/totp-enrolment.ts';
import { routes } from '#shared/api/routes.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(routes.removeTotp, {
  body: totpCodeBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) => {
    await removeTotp({ ctx, meta: { requestId, sourceIp } }, body, totpEnrolmentDependencies());
    return { statusCode: 204 };
  },
});
