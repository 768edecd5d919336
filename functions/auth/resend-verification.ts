/** POST /v1/auth/verify-email/resend: a fresh code by mail; 202 whether or not the email is known. */
import { emailOnlyBodySchema } from '#shared/accounts/api-schemas.ts';
import { resendVerification } from '#shared/accounts/email-verification.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { routes } from '#shared/api/routes.ts';
import { accountStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';

export const handler = apiHandler(routes.resendVerification, {
  body: emailOnlyBodySchema,
  handle: async ({ body, requestId, sourceIp }) => {
    await resendVerification(
      body.email,
      { requestId, sourceIp },
      { store: accountStore(), tenants: tenantStore(), deliver: queueCodeMail },
    );
    return { statusCode: 202 };
  },
});
