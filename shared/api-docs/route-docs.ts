/**
 * What the OpenAPI document says about each route: summary, schemas and the errors it can answer.
 * Typed against the route table, so a route without docs does not compile.
 */
import * as z from 'zod/mini';
import {
  changePasswordBodySchema,
  emailOnlyBodySchema,
  loginMfaBodySchema,
  mfaChallengeSchema,
  resetPasswordBodySchema,
  startTotpBodySchema,
  totpCodeBodySchema,
  totpEnrolmentSchema,
  verifyEmailBodySchema,
} from '#shared/accounts/api-schemas.ts';
import type { RouteId } from '#shared/api/routes.ts';
import { auditEventViewSchema, listAuditQuerySchema } from '#shared/audit/api-schemas.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { exportDownloadSchema, exportStartedSchema } from '#shared/exports/api-schemas.ts';
import {
  loginBodySchema,
  logoutBodySchema,
  refreshBodySchema,
  tokensSchema,
} from '#shared/identity/api-schemas.ts';
import {
  acceptedInvitationSchema,
  acceptInvitationBodySchema,
  createInvitationBodySchema,
  invitationPathSchema,
  listInvitationsQuerySchema,
} from '#shared/invitations/api-schemas.ts';
import { invitationViewSchema } from '#shared/invitations/views.ts';
import { jobPathSchema, listJobsQuerySchema } from '#shared/jobs/api-schemas.ts';
import { jobViewSchema } from '#shared/jobs/views.ts';
import {
  listUsersQuerySchema,
  transferOwnershipBodySchema,
  updateUserBodySchema,
  userPathSchema,
} from '#shared/members/api-schemas.ts';
import {
  deleteTenantBodySchema,
  offboardingStartedSchema,
} from '#shared/offboarding/api-schemas.ts';
import {
  createProjectBodySchema,
  listProjectsQuerySchema,
  projectPathSchema,
  updateProjectBodySchema,
} from '#shared/projects/api-schemas.ts';
import { projectViewSchema } from '#shared/projects/views.ts';
import {
  callerViewSchema,
  memberViewSchema,
  signUpBodySchema,
  signUpResultSchema,
  tenantViewSchema,
  transferredOwnershipSchema,
  updateTenantBodySchema,
} from '#shared/tenants/api-schemas.ts';
import { healthSchema, pageSchema } from './common-schemas.ts';

export interface RouteDoc {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniType;
  readonly path?: z.ZodMiniType;
  /** Headers the route reads beyond Authorization. */
  readonly headers?: readonly ('If-Match' | 'Idempotency-Key')[];
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodMiniType;
    /** Response headers worth documenting (e.g. `Location` of a redirect), with what they carry. */
    readonly headers?: Readonly<Record<string, string>>;
  };
  /** Errors beyond the ones every route can answer (400, and 401/403 on tenant routes). */
  readonly errors?: readonly ErrorCode[];
}

export const routeDocs: Readonly<Record<RouteId, RouteDoc>> = {
  health: {
    summary: 'Liveness',
    tag: 'Operations',
    success: { status: 200, description: 'The API is up', schema: healthSchema },
  },
  openApi: {
    summary: 'This OpenAPI document',
    tag: 'Operations',
    success: { status: 200, description: 'OpenAPI 3.1 document' },
  },
  createTenant: {
    summary: 'Sign up a new tenant and its owner',
    description:
      'Public. Creates the tenant on the free plan and its owner; the email must be new.',
    tag: 'Tenants',
    body: signUpBodySchema,
    success: { status: 201, description: 'Tenant and owner created', schema: signUpResultSchema },
    errors: ['conflict'],
  },
  login: {
    summary: 'Log in with email and password',
    description:
      'A user with an authenticator app gets `{challenge, session, expiresIn}` instead of tokens; `POST /v1/auth/login/mfa` finishes the sign-in.',
    tag: 'Auth',
    body: loginBodySchema,
    success: {
      status: 200,
      description: 'Cognito tokens, or the MFA challenge',
      schema: z.union([tokensSchema, mfaChallengeSchema]),
    },
    errors: ['unauthorized'],
  },
  loginMfa: {
    summary: 'Finish an MFA sign-in with the TOTP code',
    description:
      'The session from the login answer and the current 6-digit code. The session is single use and lives 3 minutes; 5 wrong codes void it; a code already used (on any route) within its window is refused.',
    tag: 'Auth',
    body: loginMfaBodySchema,
    success: { status: 200, description: 'Cognito tokens', schema: tokensSchema },
    errors: ['invalid_code', 'unauthorized'],
  },
  verifyEmail: {
    summary: 'Verify the email address with the mailed code',
    description:
      'The 8-digit code sign-up mailed (24 h, single use, void after 5 wrong tries). Until then the owner may not invite, export or check out.',
    tag: 'Auth',
    body: verifyEmailBodySchema,
    success: { status: 204, description: 'Verified' },
    errors: ['invalid_code'],
  },
  resendVerification: {
    summary: 'Mail a fresh verification code',
    description:
      'Always 202, after the same time, whether or not the email has an unverified account. The new code replaces the old one.',
    tag: 'Auth',
    body: emailOnlyBodySchema,
    success: { status: 202, description: 'Accepted' },
  },
  forgotPassword: {
    summary: 'Mail a password reset code',
    description:
      'Always 202, after the same time, whether or not the email has an account (no enumeration).',
    tag: 'Auth',
    body: emailOnlyBodySchema,
    success: { status: 202, description: 'Accepted' },
  },
  resetPassword: {
    summary: 'Set a new password with the mailed reset code',
    description:
      'Ends every session of the user: refresh tokens are revoked and older tokens refused. A weak password is a 400 whose `details` name the policy rules it breaks.',
    tag: 'Auth',
    body: resetPasswordBodySchema,
    success: { status: 204, description: 'Password set; sign in again' },
    errors: ['invalid_code'],
  },
  changePassword: {
    summary: 'Change your password',
    description:
      'Ends every session of the user, then signs this caller in again with the new password: the answer is the login answer (tokens or the MFA challenge). A wrong current password is a 401.',
    tag: 'Auth',
    body: changePasswordBodySchema,
    success: {
      status: 200,
      description: 'Fresh tokens, or the MFA challenge',
      schema: z.union([tokensSchema, mfaChallengeSchema]),
    },
    errors: ['unauthorized'],
  },
  startTotp: {
    summary: 'Start enrolling an authenticator app (TOTP)',
    description:
      'Needs the password again. Answers the secret and an `otpauth://` URI, once; confirm with a first code.',
    tag: 'Auth',
    body: startTotpBodySchema,
    success: { status: 200, description: 'The new secret', schema: totpEnrolmentSchema },
    errors: ['unauthorized', 'conflict'],
  },
  confirmTotp: {
    summary: 'Confirm the authenticator with its first code',
    description:
      'From now on every sign-in asks for a code. Ends every session, so sign in again (with the code).',
    tag: 'Auth',
    body: totpCodeBodySchema,
    success: { status: 204, description: 'MFA enabled' },
    errors: ['invalid_code', 'unauthorized', 'conflict'],
  },
  removeTotp: {
    summary: 'Remove the authenticator app',
    description:
      'Needs the password and a current code. Refused (409) while the tenant requires MFA.',
    tag: 'Auth',
    body: totpCodeBodySchema,
    success: { status: 204, description: 'MFA disabled' },
    errors: ['invalid_code', 'unauthorized', 'conflict'],
  },
  refresh: {
    summary: 'Exchange a refresh token for fresh tokens',
    description: 'Refused (401) once the user is removed or has signed out.',
    tag: 'Auth',
    body: refreshBodySchema,
    success: { status: 200, description: 'Fresh ID and access tokens', schema: tokensSchema },
    errors: ['unauthorized'],
  },
  logout: {
    summary: 'Sign out everywhere',
    description:
      'Revokes the given refresh token, and from then on the authorizer refuses every token of the caller authenticated before this moment (after at most the 60 s authorizer cache).',
    tag: 'Auth',
    body: logoutBodySchema,
    success: { status: 204, description: 'Signed out' },
  },
  getMe: {
    summary: 'The caller: user, tenant, role and plan',
    tag: 'Tenants',
    success: { status: 200, description: 'The caller', schema: callerViewSchema },
  },
  createProject: {
    summary: 'Create a project',
    description:
      'Idempotent with an `Idempotency-Key` header (same key and body → the first response; another body → 422; keys kept 24 h).',
    tag: 'Projects',
    body: createProjectBodySchema,
    headers: ['Idempotency-Key'],
    success: {
      status: 201,
      description: 'Created; `ETag` and `Location` headers',
      schema: projectViewSchema,
    },
    errors: ['plan_limit_reached', 'idempotency_mismatch', 'conflict'],
  },
  listProjects: {
    summary: 'List projects, newest first',
    tag: 'Projects',
    query: listProjectsQuerySchema,
    success: {
      status: 200,
      description: 'One page',
      schema: pageSchema(projectViewSchema, 'ProjectPage'),
    },
  },
  getProject: {
    summary: 'Read a project',
    tag: 'Projects',
    path: projectPathSchema,
    success: { status: 200, description: 'The project; `ETag` header', schema: projectViewSchema },
    errors: ['not_found'],
  },
  updateProject: {
    summary: 'Change a project',
    tag: 'Projects',
    path: projectPathSchema,
    body: updateProjectBodySchema,
    headers: ['If-Match'],
    success: {
      status: 200,
      description: 'The changed project; new `ETag`',
      schema: projectViewSchema,
    },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
  deleteProject: {
    summary: 'Delete a project',
    tag: 'Projects',
    path: projectPathSchema,
    headers: ['If-Match'],
    success: { status: 204, description: 'Deleted' },
    errors: ['not_found', 'precondition_failed', 'precondition_required'],
  },
  listUsers: {
    summary: "List the tenant's members",
    tag: 'Members',
    query: listUsersQuerySchema,
    success: {
      status: 200,
      description: 'One page',
      schema: pageSchema(memberViewSchema, 'MemberPage'),
    },
  },
  getUser: {
    summary: 'Read a member',
    tag: 'Members',
    path: userPathSchema,
    success: { status: 200, description: 'The member; `ETag` header', schema: memberViewSchema },
    errors: ['not_found'],
  },
  updateUser: {
    summary: "Change a member's role",
    description:
      'Admins and the owner; never to a role above your own, never an owner (ownership moves only by transfer).',
    tag: 'Members',
    path: userPathSchema,
    body: updateUserBodySchema,
    headers: ['If-Match'],
    success: { status: 200, description: 'The member; new `ETag`', schema: memberViewSchema },
    errors: ['not_found', 'conflict', 'precondition_failed', 'precondition_required'],
  },
  deleteUser: {
    summary: 'Remove a member',
    description:
      'Deletes the membership, frees the seat and disables the Cognito user; the owner cannot be removed.',
    tag: 'Members',
    path: userPathSchema,
    headers: ['If-Match'],
    success: { status: 204, description: 'Removed' },
    errors: ['not_found', 'conflict', 'precondition_failed', 'precondition_required'],
  },
  transferOwnership: {
    summary: 'Transfer ownership to another member',
    description:
      'The owner only; the new owner was an active member, the old owner becomes an admin.',
    tag: 'Tenants',
    body: transferOwnershipBodySchema,
    success: { status: 200, description: 'Both members', schema: transferredOwnershipSchema },
    errors: ['not_found', 'conflict'],
  },
  getTenant: {
    summary: 'Read the tenant',
    tag: 'Tenants',
    success: { status: 200, description: 'The tenant; `ETag` header', schema: tenantViewSchema },
  },
  updateTenant: {
    summary: 'Rename the tenant',
    tag: 'Tenants',
    body: updateTenantBodySchema,
    headers: ['If-Match'],
    success: { status: 200, description: 'The tenant; new `ETag`', schema: tenantViewSchema },
    errors: ['precondition_failed', 'precondition_required'],
  },
  createInvitation: {
    summary: 'Invite someone by email',
    description:
      'The token is sent by email only. Takes a seat (members plus pending invitations count); idempotent with an `Idempotency-Key`.',
    tag: 'Invitations',
    body: createInvitationBodySchema,
    headers: ['Idempotency-Key'],
    success: {
      status: 201,
      description: 'Invited; `Location` header',
      schema: invitationViewSchema,
    },
    errors: ['plan_limit_reached', 'conflict', 'idempotency_mismatch'],
  },
  listInvitations: {
    summary: 'List invitations, newest first',
    tag: 'Invitations',
    query: listInvitationsQuerySchema,
    success: {
      status: 200,
      description: 'One page',
      schema: pageSchema(invitationViewSchema, 'InvitationPage'),
    },
  },
  deleteInvitation: {
    summary: 'Revoke a pending invitation',
    description: 'Frees its seat; its token answers 410 from then on. Revoking twice is a 204.',
    tag: 'Invitations',
    path: invitationPathSchema,
    success: { status: 204, description: 'Revoked' },
    errors: ['not_found', 'conflict'],
  },
  acceptInvitation: {
    summary: 'Accept an invitation',
    description:
      'Public: the token from the invitation email is the credential. Creates the account in the inviting tenant with the invited role; then log in.',
    tag: 'Invitations',
    body: acceptInvitationBodySchema,
    success: {
      status: 201,
      description: 'The new member and their tenant',
      schema: acceptedInvitationSchema,
    },
    errors: ['gone', 'conflict'],
  },
  listAudit: {
    summary: 'Read the audit trail, newest first',
    description:
      '`?action=` returns exactly that action, a full page at a time (an index, not a filter).',
    tag: 'Audit',
    query: listAuditQuerySchema,
    success: {
      status: 200,
      description: 'One page',
      schema: pageSchema(auditEventViewSchema, 'AuditPage'),
    },
  },
  deleteTenant: {
    summary: 'Delete the tenant and all its data',
    description:
      'Owner only; `confirm` must be the tenant’s exact name. The tenant turns `deleting` at once, so every token of its members is refused from then on (on AWS after the authorizer cache, at most 60 s), and a background job deletes every item, user and export file, leaving a tombstone record outside the tenant’s data.',
    tag: 'Tenants',
    body: deleteTenantBodySchema,
    success: { status: 202, description: 'Deletion started', schema: offboardingStartedSchema },
    errors: ['conflict'],
  },
  createExport: {
    summary: 'Export all of the tenant’s data',
    description:
      'Admin or owner. Starts a background job that writes every item of the tenant (tenant, members, projects, audit trail, jobs) as gzip’d JSON Lines; follow it at `Location` (`GET /v1/jobs/{id}`), whose result names the download path (`GET /v1/jobs/{id}/download`) once it has succeeded. Idempotent with an `Idempotency-Key` header.',
    tag: 'Jobs',
    headers: ['Idempotency-Key'],
    success: {
      status: 202,
      description: 'Queued; `Location` names the job',
      schema: exportStartedSchema,
    },
    errors: ['idempotency_mismatch'],
  },
  listJobs: {
    summary: 'List background jobs, newest first',
    description:
      'Admin or owner: jobs the tenant started (exports, deletion) with status and progress.',
    tag: 'Jobs',
    query: listJobsQuerySchema,
    success: { status: 200, description: 'One page', schema: pageSchema(jobViewSchema, 'JobPage') },
  },
  getJob: {
    summary: 'Read a background job',
    description:
      'Admin or owner. `status` is queued, running, succeeded or failed; `progress` 0..100; a succeeded export’s result carries `downloadPath` (the download route below), or `expired: true` once its file is gone.',
    tag: 'Jobs',
    path: jobPathSchema,
    success: { status: 200, description: 'The job; `ETag` header', schema: jobViewSchema },
    errors: ['not_found'],
  },
  downloadJobResult: {
    summary: 'Download the file of a succeeded export',
    description:
      'Admin or owner. Redirects (302) to a pre-signed URL of the export file, valid 15 minutes; the body carries the same URL for clients that do not follow redirects. Send the bearer token to this route only, never to the URL: a client that follows the redirect must drop `Authorization` on the way (fetch and curl do, the URL goes to another host). 409 while the job is not a succeeded export with a file, 410 once the file has expired (7 days).',
    tag: 'Jobs',
    path: jobPathSchema,
    success: {
      status: 302,
      description: 'Redirect to the file; `cache-control: no-store`',
      schema: exportDownloadSchema,
      headers: { Location: 'The pre-signed URL of the file, valid 15 minutes' },
    },
    errors: ['not_found', 'conflict', 'gone'],
  },
};
