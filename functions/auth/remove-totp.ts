/** DELETE /v1/auth/mfa/totp: remove the authenticator, with the password and a current code. */

import { accountRoutes } from '#shared/accounts/routes.ts';
import { removeTotp } from '#shared/accounts/totp-enrolment.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(accountRoutes.removeTotp, {
  handle: async ({ caller, body }) => {
    await removeTotp(caller, body, totpEnrolmentDependencies());
    return noContent();
  },
});
