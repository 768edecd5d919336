/** POST /v1/auth/email/confirm: the mailed code makes the new address the sign-in email; sessions end. */
import { confirmEmailChange } from '#shared/accounts/email-change.ts';
import { queueCodeMail, queueEmailChangedNotice } from '#shared/accounts/mail.ts';
import { accountRoutes } from '#shared/accounts/routes.ts';
import { accountStore, auditStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';

export const handler = apiHandler(accountRoutes.confirmEmailChange, {
  handle: async ({ caller, body }) => {
    await confirmEmailChange(caller, body.code, {
      store: accountStore(),
      tenants: tenantStore(),
      audit: auditStore(),
      directory: userDirectory(),
      deliver: queueCodeMail,
      notify: queueEmailChangedNotice,
    });
    return noContent();
  },
});
