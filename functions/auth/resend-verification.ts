/** POST /v1/auth/verify-email/resend: a fresh code by mail; 202 whether or not the email is known. */
import { resendVerification } from '#shared/accounts/email-verification.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

export const handler = apiHandler(accountRoutes.resendVerification, {
  handle: async ({ body, meta }) => {
    await resendVerification(body.email, meta, {
      store: accountStore(),
      tenants: tenantStore(),
      deliver: queueCodeMail,
    });
    return { statusCode: 202 };
  },
});
