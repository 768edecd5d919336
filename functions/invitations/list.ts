/** GET /v1/invitations: the tenant's invitations, newest first, with their status. */
import { invitationStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { invitationRoutes } from '#shared/invitations/routes.ts';
import { listInvitations } from '#shared/invitations/service.ts';

export const handler = apiHandler(invitationRoutes.listInvitations, {
  handle: async ({ ctx, query }) =>
    ok(await listInvitations({ ctx }, query, await cursorCodec(), { store: invitationStore() })),
});
