/** The session routes: log in, refresh and log out. */
import * as z from 'zod/mini';
import { mfaChallengeSchema } from '#shared/accounts/api-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import {
  loginBodySchema,
  logoutBodySchema,
  refreshBodySchema,
  tokensSchema,
} from '#shared/identity/api-schemas.ts';

export const authRoutes = {
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    entry: 'functions/auth/login.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    // Reads the member (a removed member gets no tokens) and writes the login's audit event; a user
    // with MFA gets a challenge, recorded under their tenant (found by the email's guard).
    table: 'readWrite',
    globalReads: ['EMAIL'],
    docs: {
      summary: 'Log in with email and password',
      description:
        'A user with an authenticator app gets `{challenge, session, expiresIn}` instead of tokens; `POST /v1/auth/login/mfa` finishes the sign-in.',
      tag: 'Auth',
    },
    request: { body: loginBodySchema },
    response: {
      status: 200,
      description: 'Cognito tokens, or the MFA challenge',
      body: z.union([tokensSchema, mfaChallengeSchema]),
    },
    errors: ['unauthorized'],
  },
  refresh: {
    method: 'POST',
    path: '/v1/auth/refresh',
    entry: 'functions/auth/refresh.ts',
    auth: 'public',
    sourceIpLimit: 'signIn',
    // Reads the member: a removed or signed-out member gets no fresh tokens.
    table: 'read',
    docs: {
      summary: 'Exchange a refresh token for fresh tokens',
      description: 'Refused (401) once the user is removed or has signed out.',
      tag: 'Auth',
    },
    request: { body: refreshBodySchema },
    response: { status: 200, description: 'Fresh ID and access tokens', body: tokensSchema },
    errors: ['unauthorized'],
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
    docs: {
      summary: 'Sign out everywhere',
      description:
        'Revokes the given refresh token, and from then on the authorizer refuses every token of the caller authenticated before this moment (after at most the 60 s authorizer cache). A refresh token that is not a current session of the caller (another member’s, another tenant’s, expired or revoked) is a 404 and revokes nothing.',
      tag: 'Auth',
    },
    request: { body: logoutBodySchema },
    response: { status: 204, description: 'Signed out' },
    errors: ['not_found'],
  },
} as const satisfies Record<string, RouteDefinition>;
