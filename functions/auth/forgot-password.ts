/** POST /v1/auth/password/forgot: mail a reset code; 202 whether or not the email is known. */
import { emailOnlyBodySchema } from '#shared/accounts/api-schemas.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { forgotPassword } from '#shared/accounts/passwords.ts';
import { routes } from '#shared/api/routes.ts';
import { accountStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

export const handler = apiHandler(routes.forgotPassword, {
  body: emailOnlyBodySchema,
  handle: async ({ body, requestId, sourceIp }) => {
    await forgotPassword(
      body.email,
      { requestId, sourceIp },
      { store: accountStore(), deliver: queueCodeMail },
    );
    return { statusCode: 202 };
  },
});
