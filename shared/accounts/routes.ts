/**
 * The account routes: email verification, password reset and change, email change, and TOTP MFA.
 * Every one that checks a password or code draws from the source IP's sign-in bucket, signed in or
 * not, and from the login's failure budgets (shared/accounts/guessing-limit.ts).
 */
import * as z from 'zod/mini';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { tokensSchema } from '#shared/identity/api-schemas.ts';
import {
  changeEmailBodySchema,
  changePasswordBodySchema,
  confirmEmailChangeBodySchema,
  emailOnlyBodySchema,
  loginMfaBodySchema,
  mfaChallengeSchema,
  resetPasswordBodySchema,
  startTotpBodySchema,
  totpCodeBodySchema,
  totpEnrolmentSchema,
  verifyEmailBodySchema,
} from './api-schemas.ts';

/** Public account routes find the user from the email's guard item before they know the tenant. */
export const findsAccountsByEmail = ['EMAIL'] as const;

export const accountRoutes = {
  loginMfa: {
    method: 'POST',
    path: '/v1/auth/login/mfa',
    entry: 'functions/auth/login-mfa.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    docs: {
      summary: 'Finish an MFA sign-in with the TOTP code',
      description:
        'The session from the login answer and the current 6-digit code. The session is single use and lives 3 minutes; 5 wrong codes void it; a code already used (on any route) within its window is refused.',
      tag: 'Auth',
    },
    request: { body: loginMfaBodySchema },
    response: { status: 200, description: 'Cognito tokens', body: tokensSchema },
    errors: ['invalid_code', 'unauthorized'],
  },
  verifyEmail: {
    method: 'POST',
    path: '/v1/auth/verify-email',
    entry: 'functions/auth/verify-email.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    // Keeps Cognito's email_verified in step with the member item.
    userPool: ['cognito-idp:AdminUpdateUserAttributes'],
    docs: {
      summary: 'Verify the email address with the mailed code',
      description:
        'The 8-digit code sign-up mailed (24 h, single use, void after 5 wrong tries). Until then the owner may not invite, export or check out.',
      tag: 'Auth',
    },
    request: { body: verifyEmailBodySchema },
    response: { status: 204, description: 'Verified' },
    errors: ['invalid_code'],
  },
  resendVerification: {
    method: 'POST',
    path: '/v1/auth/verify-email/resend',
    entry: 'functions/auth/resend-verification.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    queues: ['critical'],
    docs: {
      summary: 'Mail a fresh verification code',
      description:
        'Always 202, after the same time, whether or not the email has an unverified account. The new code replaces the old one.',
      tag: 'Auth',
    },
    request: { body: emailOnlyBodySchema },
    response: { status: 202, description: 'Accepted' },
  },
  forgotPassword: {
    method: 'POST',
    path: '/v1/auth/password/forgot',
    entry: 'functions/auth/forgot-password.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    queues: ['critical'],
    docs: {
      summary: 'Mail a password reset code',
      description:
        'Always 202, after the same time, whether or not the email has an account (no enumeration).',
      tag: 'Auth',
    },
    request: { body: emailOnlyBodySchema },
    response: { status: 202, description: 'Accepted' },
  },
  resetPassword: {
    method: 'POST',
    path: '/v1/auth/password/reset',
    entry: 'functions/auth/reset-password.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    userPool: ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut'],
    docs: {
      summary: 'Set a new password with the mailed reset code',
      description:
        'Ends every session of the user: refresh tokens are revoked and older tokens refused. A weak password is a 400 whose `details` name the policy rules it breaks.',
      tag: 'Auth',
    },
    request: { body: resetPasswordBodySchema },
    response: { status: 204, description: 'Password set; sign in again' },
    errors: ['invalid_code'],
  },
  changePassword: {
    method: 'POST',
    path: '/v1/auth/password',
    entry: 'functions/auth/change-password.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    // Answers like a login with the new password, which may be an MFA challenge.
    table: 'readWrite',
    globalReads: findsAccountsByEmail,
    userPool: ['cognito-idp:AdminSetUserPassword', 'cognito-idp:AdminUserGlobalSignOut'],
    docs: {
      summary: 'Change your password',
      description:
        'Ends every session of the user, then signs this caller in again with the new password: the answer is the login answer (tokens or the MFA challenge). A wrong current password is a 401.',
      tag: 'Auth',
    },
    request: { body: changePasswordBodySchema },
    response: {
      status: 200,
      description: 'Fresh tokens, or the MFA challenge',
      body: z.union([tokensSchema, mfaChallengeSchema]),
    },
    errors: ['unauthorized'],
  },
  requestEmailChange: {
    method: 'POST',
    path: '/v1/auth/email',
    entry: 'functions/auth/request-email-change.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    queues: ['critical'],
    docs: {
      summary: 'Change your sign-in email: mail a code to the new address',
      description:
        'Needs the current password (a wrong one is a 401 and counts towards the sign-in failure budget). The 8-digit code goes to the new address (24 h, single use, void after 5 wrong tries); a new request replaces it. Whether the address is taken is answered only when confirming.',
      tag: 'Auth',
    },
    request: { body: changeEmailBodySchema },
    response: { status: 202, description: 'Code mailed to the new address' },
    errors: ['unauthorized'],
  },
  confirmEmailChange: {
    method: 'POST',
    path: '/v1/auth/email/confirm',
    entry: 'functions/auth/confirm-email-change.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    // Checks that the new email is free (its guard) before anything is written.
    globalReads: findsAccountsByEmail,
    userPool: ['cognito-idp:AdminUpdateUserAttributes', 'cognito-idp:AdminUserGlobalSignOut'],
    queues: ['critical'],
    docs: {
      summary: 'Confirm the new sign-in email with the mailed code',
      description:
        'The new address becomes the sign-in email (verified) and the old one stops signing in. Ends every session, this one included: sign in again with the new email. The old address gets a notice. A new email that another account took meanwhile is a 409, with nothing changed.',
      tag: 'Auth',
    },
    request: { body: confirmEmailChangeBodySchema },
    response: { status: 204, description: 'Email changed; sign in again with it' },
    errors: ['invalid_code', 'conflict'],
  },
  // The enrolment routes sign in with the password for a one-use access token (Cognito's TOTP calls
  // take the user's token, not IAM), so they need no user-pool grant but sign-out.
  startTotp: {
    method: 'POST',
    path: '/v1/auth/mfa/totp',
    entry: 'functions/auth/start-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    duringMfaSetup: true,
    table: 'readWrite',
    docs: {
      summary: 'Start enrolling an authenticator app (TOTP)',
      description:
        'Needs the password again. Answers the secret and an `otpauth://` URI, once; confirm with a first code.',
      tag: 'Auth',
    },
    request: { body: startTotpBodySchema },
    response: { status: 200, description: 'The new secret', body: totpEnrolmentSchema },
    errors: ['unauthorized', 'conflict'],
  },
  confirmTotp: {
    method: 'POST',
    path: '/v1/auth/mfa/totp/confirm',
    entry: 'functions/auth/confirm-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    duringMfaSetup: true,
    table: 'readWrite',
    userPool: ['cognito-idp:AdminUserGlobalSignOut'],
    docs: {
      summary: 'Confirm the authenticator with its first code',
      description:
        'From now on every sign-in asks for a code. Ends every session, so sign in again (with the code).',
      tag: 'Auth',
    },
    request: { body: totpCodeBodySchema },
    response: { status: 204, description: 'MFA enabled' },
    errors: ['invalid_code', 'unauthorized', 'conflict'],
  },
  removeTotp: {
    method: 'DELETE',
    path: '/v1/auth/mfa/totp',
    entry: 'functions/auth/remove-totp.ts',
    auth: 'tenant',
    ...can('manageOwnAccount'),
    sourceIpLimit: 'signIn',
    table: 'readWrite',
    docs: {
      summary: 'Remove the authenticator app',
      description:
        'Needs the password and a current code. Refused (409) while the tenant requires MFA.',
      tag: 'Auth',
    },
    request: { body: totpCodeBodySchema },
    response: { status: 204, description: 'MFA disabled' },
    errors: ['invalid_code', 'unauthorized', 'conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
