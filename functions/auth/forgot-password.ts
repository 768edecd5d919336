/** POST /v1/auth/password/forgot: mail a reset code; 202 whether or not the email is known. */
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { forgotPassword } from '#shared/accounts/passwords.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

export const handler = apiHandler(accountRoutes.forgotPassword, {
  handle: async ({ body, meta }) => {
    await forgotPassword(body.email, meta, { store: accountStore(), deliver: queueCodeMail });
    return { statusCode: 202 };
  },
});
