/** POST /v1/invitations/accept: public; the emailed token and a new password make the invitee a member. */
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { invitationRoutes } from '#shared/invitations/routes.ts';
import { acceptInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(invitationRoutes.acceptInvitation, {
  handle: async ({ body, meta }) =>
    created(
      await acceptInvitation(body, meta, {
        store: invitationStore(),
        tenants: tenantStore(),
        directory: userDirectory(),
      }),
    ),
});
