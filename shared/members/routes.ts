/** The member routes: list, read, change a role, remove, and transfer ownership. */

import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { memberViewSchema, transferredOwnershipSchema } from '#shared/tenants/api-schemas.ts';
import {
  listMembersQuerySchema,
  memberPathSchema,
  transferOwnershipBodySchema,
  updateMemberBodySchema,
} from './api-schemas.ts';

export const memberRoutes = {
  listMembers: {
    method: 'GET',
    path: '/v1/members',
    entry: 'functions/members/list.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    cursors: true,
    docs: { summary: "List the tenant's members", tag: 'Members' },
    request: { query: listMembersQuerySchema },
    response: {
      status: 200,
      description: 'One page',
      body: pageSchema(memberViewSchema, 'MemberPage'),
    },
  },
  getMember: {
    method: 'GET',
    path: '/v1/members/{userId}',
    entry: 'functions/members/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    docs: { summary: 'Read a member', tag: 'Members' },
    request: { path: memberPathSchema },
    response: { status: 200, description: 'The member', body: memberViewSchema, headers: ['ETag'] },
    errors: ['not_found'],
  },
  updateMember: {
    method: 'PATCH',
    path: '/v1/members/{userId}',
    entry: 'functions/members/update.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    // Keeps the custom:role claim of the user's next tokens in step (the API never trusts it).
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
    docs: {
      summary: "Change a member's role",
      description:
        'Admins and the owner; never to a role above your own, never an owner (ownership moves only by transfer).',
      tag: 'Members',
    },
    request: { path: memberPathSchema, body: updateMemberBodySchema, headers: ['If-Match'] },
    response: { status: 200, description: 'The member', body: memberViewSchema, headers: ['ETag'] },
    errors: ['not_found', 'conflict', 'precondition_failed', 'precondition_required'],
  },
  removeMember: {
    method: 'DELETE',
    path: '/v1/members/{userId}',
    entry: 'functions/members/delete.ts',
    // The removed member's cached authorization ends now, not at the cache's TTL.
    flushesAuthorizers: true,
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    // Disabled before the member item goes, and enabled again if that write fails.
    userPool: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser'],
    docs: {
      summary: 'Remove a member',
      description:
        'Deletes the membership, frees the seat and disables the Cognito user; the owner cannot be removed.',
      tag: 'Members',
    },
    request: { path: memberPathSchema, headers: ['If-Match'] },
    response: { status: 204, description: 'Removed' },
    errors: ['not_found', 'conflict', 'precondition_failed', 'precondition_required'],
  },
  transferOwnership: {
    method: 'POST',
    path: '/v1/tenant/transfer-ownership',
    entry: 'functions/tenants/transfer-ownership.ts',
    auth: 'tenant',
    ...can('transferOwnership'),
    table: 'readWrite',
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
    docs: {
      summary: 'Transfer ownership to another member',
      description:
        'The owner only; the new owner was an active member, the old owner becomes an admin.',
      tag: 'Tenants',
    },
    request: { body: transferOwnershipBodySchema },
    response: { status: 200, description: 'Both members', body: transferredOwnershipSchema },
    errors: ['not_found', 'conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
