/** POST /v1/invitations: invite by email (admin+); takes a seat; the token goes out by email only. */
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { queueInvitationMail } from '#shared/invitations/mail.ts';
import { invitationRoutes } from '#shared/invitations/routes.ts';
import { createInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(invitationRoutes.createInvitation, {
  handle: async ({ caller, body, idempotency }) => {
    const { invitation, replayed } = await createInvitation(caller, body, idempotency, {
      store: invitationStore(),
      tenants: tenantStore(),
      deliver: queueInvitationMail,
    });
    return created(invitation, {
      location: `/v1/invitations/${invitation.id}`,
      ...(replayed && { 'idempotent-replayed': 'true' }),
    });
  },
});
