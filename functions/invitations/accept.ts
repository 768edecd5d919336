/** POST /v1/invitations/accept: public; the emailed token and a new password make the invitee a member. */
import { routes } from '#shared/api/routes.ts';
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { acceptInvitationBodySchema } from '#shared/invitations/api-schemas.ts';
import { acceptInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(routes.acceptInvitation, {
  body: acceptInvitationBodySchema,
  handle: async ({ body, requestId, sourceIp }) =>
    created(
      await acceptInvitation(
        body,
        { requestId, sourceIp },
        {
          store: invitationStore(),
          tenants: tenantStore(),
          directory: userDirectory(),
        },
      ),
    ),
});
