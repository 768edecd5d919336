/** Queues the invitation email as a `mail.send` job on jobs-critical; the mail worker renders and sends it. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import type { InvitationMail } from './service.ts';

export async function queueInvitationMail(scope: TenantScope, mail: InvitationMail): Promise<void> {
  await enqueue(scope, 'mail.send', {
    to: mail.to,
    template: 'invitation',
    variables: {
      tenantName: mail.tenantName,
      role: mail.role,
      inviterEmail: mail.inviterEmail,
      token: mail.token,
      expiresAt: mail.expiresAt,
      acceptHint: `POST /v1/invitations/accept with {"token": "${mail.token}", "password": "<a new password>"}`,
    },
  });
}
