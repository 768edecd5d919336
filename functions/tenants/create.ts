/** POST /v1/tenants: public sign-up of a new tenant and its owner, who is mailed a verification code. */
import { sendSignUpVerification } from '#shared/accounts/email-verification.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { routes } from '#shared/api/routes.ts';
import { accountStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { signUpBodySchema } from '#shared/tenants/api-schemas.ts';
import { signUpTenant } from '#shared/tenants/sign-up.ts';
import { memberView, tenantView } from '#shared/tenants/views.ts';

export const handler = apiHandler(routes.createTenant, {
  body: signUpBodySchema,
  handle: async ({ body, requestId, sourceIp }) => {
    const { tenant, owner } = await signUpTenant(
      body,
      {
        store: tenantStore(),
        directory: userDirectory(),
        sendVerification: (scope, owner, meta) =>
          sendSignUpVerification(scope, owner, meta, {
            store: accountStore(),
            deliver: queueCodeMail,
          }),
      },
      { requestId, sourceIp },
    );
    return created({ tenant: tenantView(tenant), user: memberView(owner) });
  },
});
