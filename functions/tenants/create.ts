/** POST /v1/tenants: public sign-up of a new tenant and its owner, who is mailed a verification code. */
import { sendSignUpVerification } from '#shared/accounts/email-verification.ts';
import { queueCodeMail } from '#shared/accounts/mail.ts';
import { accountStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { tenantRoutes } from '#shared/tenants/routes.ts';
import { signUpTenant } from '#shared/tenants/sign-up.ts';
import { memberView, tenantView } from '#shared/tenants/views.ts';

export const handler = apiHandler(tenantRoutes.createTenant, {
  handle: async ({ body, meta }) => {
    const { tenant, owner } = await signUpTenant(
      body,
      {
        store: tenantStore(),
        directory: userDirectory(),
        sendVerification: (scope, user, requestMeta) =>
          sendSignUpVerification(scope, user, requestMeta, {
            store: accountStore(),
            deliver: queueCodeMail,
          }),
      },
      meta,
    );
    return created({ tenant: tenantView(tenant), user: memberView(owner) });
  },
});
