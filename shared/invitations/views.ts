/** What the API shows of an invitation: never the token or its hash. */
import * as z from 'zod/mini';
import { assignableRoleSchema } from '#shared/members/model.ts';
import { type Invitation, invitationStatusSchema } from './model.ts';

export const invitationViewSchema = z
  .object({
    id: z.string().check(z.meta({ example: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1' })),
    email: z.string(),
    role: assignableRoleSchema,
    status: invitationStatusSchema.check(
      z.meta({ description: 'A pending invitation past its expiry shows as expired' }),
    ),
    invitedBy: z.string(),
    createdAt: z.string().check(z.meta({ format: 'date-time' })),
    expiresAt: z.string().check(z.meta({ format: 'date-time' })),
  })
  .check(z.meta({ id: 'Invitation' }));
export type InvitationView = z.infer<typeof invitationViewSchema>;

export function invitationView(invitation: Invitation, now: Date): InvitationView {
  const expired =
    invitation.status === 'pending' && invitation.expiresAt <= Math.floor(now.getTime() / 1000);
  return {
    id: invitation.invitationId,
    email: invitation.email,
    role: invitation.role,
    status: expired ? 'expired' : invitation.status,
    invitedBy: invitation.invitedBy,
    createdAt: invitation.createdAt,
    expiresAt: new Date(invitation.expiresAt * 1000).toISOString(),
  };
}
