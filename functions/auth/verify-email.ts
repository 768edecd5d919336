/** POST /v1/auth/verify-email: redeem the mailed code; the account may then invite and export. */
import { verifyEmailBodySchema } from '#shared/accounts/api-schemas.ts';
import { verifyEmail } from '#shared/accounts/email-verification.ts';
import { routes } from '#shared/api/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.verifyEmail, {
  body: verifyEmailBodySchema,
  handle: async ({ body, requestId, sourceIp }) => {
    await verifyEmail(
      body,
      { requestId, sourceIp },
      { store: accountStore(), directory: userDirectory() },
    );
    return { statusCode: 204 };
  },
});
