/** POST /v1/auth/email: with the current password, mail a code to the new sign-in email. */
import { requestEmailChange } from '#shared/accounts/email-change.ts';
import { queueCodeMail, queueEmailChangedNotice } from '#shared/accounts/mail.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.requestEmailChange, {
  handle: async ({ caller, body }) => {
    await requestEmailChange(caller, body, {
      store: accountStore(),
      tenants: tenantStore(),
      audit: auditStore(),
      directory: userDirectory(),
      deliver: queueCodeMail,
      notify: queueEmailChangedNotice,
    });
    return { statusCode: 202 };
  },
});
