/** POST /v1/invitations: invite by email (admin+); takes a seat; the token goes out by email only. */
import { routes } from '#shared/api/routes.ts';
import { invitationStore, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { createInvitationBodySchema } from '#shared/invitations/api-schemas.ts';
import { queueInvitationMail } from '#shared/invitations/mail.ts';
import { createInvitation } from '#shared/invitations/service.ts';

export const handler = apiHandler(routes.createInvitation, {
  body: createInvitationBodySchema,
  handle: async ({ ctx, body, idempotency, requestId, sourceIp }) => {
    const { invitation, replayed } = await createInvitation(
      { ctx, meta: { requestId, sourceIp } },
      body,
      idempotency,
      { store: invitationStore(), tenants: tenantStore(), deliver: queueInvitationMail },
    );
    return created(invitation, {
      location: `/v1/invitations/${invitation.id}`,
      ...(replayed && { 'idempotent-replayed': 'true' }),
    });
  },
});
