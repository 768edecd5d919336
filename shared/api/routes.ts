/**
 * Every route of the API, once. The CDK stack builds API Gateway methods and one function per
 * route from this table, and the local gateway dispatches from it, so the two cannot drift.
 */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

/** Creating a Cognito user all or nothing: create, set the password, look up, delete again on failure. */
const createsUsers = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDeleteUser',
] as const;

/** Public account routes find the user from the email's guard item before they know the tenant. */
const findsAccountsByEmail = ['EMAIL'] as const;

export const routes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/health/get.ts',
    auth: 'public',
    table: 'none',
  },
  openApi: {
    method: 'GET',
    path: '/v1/openapi.json',
    entry: 'functions/docs/openapi.ts',
    auth: 'public',
    table: 'none',
  },
  createTenant: {
    method: 'POST',
    path: '/v1/tenants',
    entry: 'functions/tenants/create.ts',
    auth: 'public',
    table: 'readWrite',
    userPool: createsUsers,
    // The owner's verification code is a mail.send job.
    queues: ['critical'],
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    entry: 'functions/auth/login.ts',
    auth: 'public',
    // Reads the member (a removed member gets no tokens) and writes the login's audit event; a user
    // with MFA gets a challenge, recorded under their tenant (found by the email's guard).
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
  },
  loginMfa: {
    method: 'POST',
    path: '/v1/auth/login/mfa',
    entry: 'functions/auth/login-mfa.ts',
    auth: 'public',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
  },
  verifyEmail: {
    method: 'POST',
    path: '/v1/auth/verify-email',
    entry: 'functions/auth/verify-email.ts',
    auth: 'public',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    // Keeps Cognito's email_verified in step with the member item.
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
  },
  resendVerification: {
    method: 'POST',
    path: '/v1/auth/verify-email/resend',
    entry: 'functions/auth/resend-verification.ts',
    auth: 'public',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    queues: ['critical'],
  },
  forgotPassword: {
    method: 'POST',
    path: '/v1/auth/password/forgot',
    entry: 'functions/auth/forgot-password.ts',
    auth: 'public',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    queues: ['critical'],
  },
  resetPassword: {
    method: 'POST',
    path: '/v1/auth/password/reset',
    entry: 'functions/auth/reset-password.ts',
    auth: 'public',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    userPool: ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut'],
  },
  changePassword: {
    method: 'POST',
    path: '/v1/auth/password',
    entry: 'functions/auth/change-password.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    // Answers like a login with the new password, which may be an MFA challenge.
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    userPool: ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut'],
  },
  // The enrolment routes sign in with the password for a one-use access token (Cognito's TOTP calls
  // take the user's token, not IAM), so they need no user-pool grant but sign-out.
  startTotp: {
    method: 'POST',
    path: '/v1/auth/mfa/totp',
    entry: 'functions/auth/start-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    duringMfaSetup: true,
    table: 'readWrite',
  },
  confirmTotp: {
    method: 'POST',
    path: '/v1/auth/mfa/totp/confirm',
    entry: 'functions/auth/confirm-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    duringMfaSetup: true,
    table: 'readWrite',
    userPool: ['cognito-idp:AdminUserGlobalSignOut'],
  },
  removeTotp: {
    method: 'DELETE',
    path: '/v1/auth/mfa/totp',
    entry: 'functions/auth/remove-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    table: 'readWrite',
  },
  refresh: {
    method: 'POST',
    path: '/v1/auth/refresh',
    entry: 'functions/auth/refresh.ts',
    auth: 'public',
    // Reads the member: a removed or signed-out member gets no fresh tokens.
    table: 'read',
  },
  logout: {
    method: 'POST',
    path: '/v1/auth/logout',
    entry: 'functions/auth/logout.ts',
    auth: 'tenant',
    ...can('signOut'),
    duringMfaSetup: true,
    // RevokeToken is authorized by the app client id and the token itself, so no user-pool grant.
    table: 'readWrite',
  },
  getMe: {
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/me/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
  },
  createProject: {
    method: 'POST',
    path: '/v1/projects',
    entry: 'functions/projects/create.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
    idempotent: true,
  },
  listProjects: {
    method: 'GET',
    path: '/v1/projects',
    entry: 'functions/projects/list.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    cursors: true,
  },
  getProject: {
    method: 'GET',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
  },
  updateProject: {
    method: 'PATCH',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/update.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
  },
  deleteProject: {
    method: 'DELETE',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/delete.ts',
    auth: 'tenant',
    ...can('writeData'),
    table: 'readWrite',
  },
  listUsers: {
    method: 'GET',
    path: '/v1/users',
    entry: 'functions/users/list.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    cursors: true,
  },
  getUser: {
    method: 'GET',
    path: '/v1/users/{userId}',
    entry: 'functions/users/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
  },
  updateUser: {
    method: 'PATCH',
    path: '/v1/users/{userId}',
    entry: 'functions/users/update.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    // Keeps the custom:role claim of the user's next tokens in step (the API never trusts it).
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
  },
  deleteUser: {
    method: 'DELETE',
    path: '/v1/users/{userId}',
    entry: 'functions/users/delete.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
    // Disabled before the member item goes, and enabled again if that write fails.
    userPool: ['cognito-idp:AdminDisableUser', 'cognito-idp:AdminEnableUser'],
  },
  transferOwnership: {
    method: 'POST',
    path: '/v1/tenant/transfer-ownership',
    entry: 'functions/tenants/transfer-ownership.ts',
    auth: 'tenant',
    ...can('transferOwnership'),
    table: 'readWrite',
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
  },
  getTenant: {
    method: 'GET',
    path: '/v1/tenant',
    entry: 'functions/tenants/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
  },
  updateTenant: {
    method: 'PATCH',
    path: '/v1/tenant',
    entry: 'functions/tenants/update.ts',
    auth: 'tenant',
    ...can('manageSettings'),
    table: 'readWrite',
  },
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
  },
  listInvitations: {
    method: 'GET',
    path: '/v1/invitations',
    entry: 'functions/invitations/list.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'read',
    cursors: true,
  },
  deleteInvitation: {
    method: 'DELETE',
    path: '/v1/invitations/{id}',
    entry: 'functions/invitations/delete.ts',
    auth: 'tenant',
    ...can('manageMembers'),
    table: 'readWrite',
  },
  acceptInvitation: {
    method: 'POST',
    path: '/v1/invitations/accept',
    entry: 'functions/invitations/accept.ts',
    // The invitation token is the credential: the invitee has no account yet.
    auth: 'public',
    table: 'readWrite',
    globalReads: ['INVTOKEN'],
    userPool: createsUsers,
  },
  listAudit: {
    method: 'GET',
    path: '/v1/audit',
    entry: 'functions/audit/list.ts',
    auth: 'tenant',
    ...can('readAudit'),
    table: 'read',
    cursors: true,
  },
  // Owner only, and confirmed with the tenant's name: it deletes everything, for every member.
  deleteTenant: {
    method: 'DELETE',
    path: '/v1/tenant',
    entry: 'functions/tenants/delete.ts',
    auth: 'tenant',
    ...can('manageTenant'),
    table: 'readWrite',
    queues: ['bulk'],
  },
  createExport: {
    method: 'POST',
    path: '/v1/exports',
    entry: 'functions/exports/create.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'readWrite',
    idempotent: true,
    queues: ['bulk'],
  },
  // Jobs are admin+ reading: an export job's result leads to all of the tenant's data. The reads
  // only name the download route, so they cannot reach the bucket (nor carry the S3 client).
  listJobs: {
    method: 'GET',
    path: '/v1/jobs',
    entry: 'functions/jobs/list.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
    cursors: true,
  },
  getJob: {
    method: 'GET',
    path: '/v1/jobs/{id}',
    entry: 'functions/jobs/get.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
  },
  downloadJobResult: {
    method: 'GET',
    path: '/v1/jobs/{id}/download',
    entry: 'functions/jobs/download.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
    exportFiles: 'presign',
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;

/** The authorizer is not a route, but is built and run the same way in both runtimes. */
export const authorizerEntry = 'functions/auth/authorizer.ts';
