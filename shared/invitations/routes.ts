/** The invitation routes: invite by email, list, revoke, and accept with the emailed token. */
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { createsUsers } from '#shared/identity/user-pool-actions.ts';
import {
  acceptedInvitationSchema,
  acceptInvitationBodySchema,
  createInvitationBodySchema,
  invitationPathSchema,
  listInvitationsQuerySchema,
} from './api-schemas.ts';
import { invitationViewSchema } from './views.ts';

export const invitationRoutes = {
  createInvitation: {
    method: 'POST',
    path: '/v1/invitations',
    entry: 'functions/invitations/create.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    idempotent: true,
    // The invitation email is a mail.send job.
    queues: ['critical'],
    docs: {
      summary: 'Invite someone by email',
      description:
        'The token is sent by email only. Takes a seat (members plus pending invitations count); idempotent with an `Idempotency-Key`.',
      tag: 'Invitations',
    },
    request: { body: createInvitationBodySchema },
    response: {
      status: 201,
      description: 'Invited',
      body: invitationViewSchema,
      headers: ['Location'],
    },
    errors: ['plan_limit_reached', 'conflict', 'idempotency_mismatch'],
  },
  listInvitations: {
    method: 'GET',
    path: '/v1/invitations',
    entry: 'functions/invitations/list.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'read',
    cursors: true,
    docs: { summary: 'List invitations, newest first', tag: 'Invitations' },
    request: { query: listInvitationsQuerySchema },
    response: {
      status: 200,
      description: 'One page',
      body: pageSchema(invitationViewSchema, 'InvitationPage'),
    },
  },
  deleteInvitation: {
    method: 'DELETE',
    path: '/v1/invitations/{id}',
    entry: 'functions/invitations/delete.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    docs: {
      summary: 'Revoke a pending invitation',
      description: 'Frees its seat; its token answers 410 from then on. Revoking twice is a 204.',
      tag: 'Invitations',
    },
    request: { path: invitationPathSchema },
    response: { status: 204, description: 'Revoked' },
    errors: ['not_found', 'conflict'],
  },
  acceptInvitation: {
    method: 'POST',
    path: '/v1/invitations/accept',
    entry: 'functions/invitations/accept.ts',
    // The invitation token is the credential: the invitee has no account yet.
    auth: 'public',
    sourceIpLimit: 'invitation',
    table: 'readWrite',
    globalReads: ['INVTOKEN'],
    userPool: createsUsers,
    docs: {
      summary: 'Accept an invitation',
      description:
        'Public: the token from the invitation email is the credential. Creates the account in the inviting tenant with the invited role; then log in.',
      tag: 'Invitations',
    },
    request: { body: acceptInvitationBodySchema },
    response: {
      status: 201,
      description: 'The new member and their tenant',
      body: acceptedInvitationSchema,
    },
    errors: ['gone', 'conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
