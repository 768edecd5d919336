/** POST /v1/auth/verify-email: redeem the mailed code; the account may then invite and export. */
import { verifyEmail } from '#shared/accounts/email-verification.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.verifyEmail, {
  handle: async ({ body, meta }) => {
    await verifyEmail(body, meta, { store: accountStore(), directory: userDirectory() });
    return noContent();
  },
});
