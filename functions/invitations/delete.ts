/** DELETE /v1/invitations/{id}: revoke a pending invitation and free its seat. */
import { invitationStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { invitationRoutes } from '#shared/invitations/routes.ts';
import { revokeInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(invitationRoutes.deleteInvitation, {
  handle: async ({ caller, path }) => {
    await revokeInvitation(caller, path.id, { store: invitationStore() });
    return noContent();
  },
});
