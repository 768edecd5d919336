/** POST /v1/auth/mfa/totp: start enrolling an authenticator app → its secret and otpauth:// URI. */

import { accountRoutes } from '#shared/accounts/routes.ts';
import { startTotpEnrolment } from '#shared/accounts/totp-enrolment.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { totpEnrolmentDependencies } from './totp-dependencies.ts';

export const handler = apiHandler(accountRoutes.startTotp, {
  handle: async ({ caller, body }) =>
    ok(await startTotpEnrolment(caller, body.password, totpEnrolmentDependencies())),
});
