/** POST /v1/auth/password/reset: the mailed code and a new password; every session ends. */
import { resetPasswordBodySchema } from '#shared/accounts/api-schemas.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { resetPassword } from '#shared/accounts/passwords.ts';
import { routes } from '#shared/api/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(routes.resetPassword, {
  body: resetPasswordBodySchema,
  handle: async ({ body, requestId, sourceIp }) => {
    await resetPassword(
      body,
      { requestId, sourceIp },
      { store: accountStore(), directory: userDirectory(), deliver: queueCodeMail },
    );
    return { statusCode: 204 };
  },
});
