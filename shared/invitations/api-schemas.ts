/** Request schemas of the invitation routes. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { emailSchema, passwordSchema } from '#shared/identity/password-policy.ts';
import { assignableRoleSchema } from '#shared/members/model.ts';
import { ulidSchema } from '#shared/resources/api-schemas.ts';
import { memberViewSchema, tenantViewSchema } from '#shared/tenants/api-schemas.ts';
import { invitationTokenSchema } from './model.ts';

export const invitationPathSchema = z.strictObject({ id: ulidSchema });

export const listInvitationsQuerySchema = z.strictObject({ ...pageQueryShape });

export const createInvitationBodySchema = z
  .strictObject({ email: emailSchema, role: assignableRoleSchema })
  .check(
    z.meta({ id: 'CreateInvitation', example: { email: 'colleague@acme.test', role: 'member' } }),
  );

export const acceptInvitationBodySchema = z
  .strictObject({ token: invitationTokenSchema, password: passwordSchema })
  .check(z.meta({ id: 'AcceptInvitation' }));

export const acceptedInvitationSchema = z
  .object({ tenant: tenantViewSchema, user: memberViewSchema })
  .check(z.meta({ id: 'AcceptedInvitation' }));
