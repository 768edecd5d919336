/** DELETE /v1/invitations/{id}: revoke a pending invitation and free its seat. */
import { routes } from '#shared/api/routes.ts';
import { invitationStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { invitationPathSchema } from '#shared/invitations/api-schemas.ts';
import { revokeInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(routes.deleteInvitation, {
  path: invitationPathSchema,
  handle: async ({ ctx, path, requestId, sourceIp }) => {
    await revokeInvitation({ ctx, meta: { requestId, sourceIp } }, path.id, {
      store: invitationStore(),
    });
    return { statusCode: 204 };
  },
});
