/**
 * Expiring invitations, the one way: every overdue pending invitation goes through the store's
 * `close('expired')`, which frees its seat, its email and its token lookup with its audit event.
 * The daily job and a create that ran out of seats both call this.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { InvitationStore } from './model.ts';

/** Closes the tenant's invitations overdue at `at`; the number this call closed. */
export async function expireOverdueInvitations(
  scope: TenantScope,
  meta: RequestMeta,
  store: InvitationStore,
  at: Date,
): Promise<number> {
  let expired = 0;
  for (const invitation of await store.overdue(scope, Math.floor(at.getTime() / 1000))) {
    const audit = auditEvent(
      {
        actorId: 'system',
        action: 'invitation.expired',
        target: { type: 'invitation', id: invitation.invitationId },
        meta,
        details: { email: invitation.email },
      },
      at,
    );
    // False: accepted or revoked since it was read, which leaves it as it is.
    if (await store.close(scope, invitation, 'expired', audit)) expired++;
  }
  return expired;
}
