/** POST /v1/auth/mfa/totp/confirm: the first code turns MFA on; every session ends. */

import { accountRoutes } from '#shared/accounts/routes.ts';
import { confirmTotpEnrolment } from '#shared/accounts/totp-enrolment.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(accountRoutes.confirmTotp, {
  handle: async ({ caller, body }) => {
    await confirmTotpEnrolment(caller, body, totpEnrolmentDependencies());
    return noContent();
  },
});
