/** POST /v1/auth/password/reset: the mailed code and a new password; every session ends. */
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { resetPassword } from '#shared/accounts/passwords.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.resetPassword, {
  handle: async ({ body, meta }) => {
    await resetPassword(body, meta, {
      store: accountStore(),
      directory: userDirectory(),
      deliver: queueCodeMail,
    });
    return noContent();
  },
});
