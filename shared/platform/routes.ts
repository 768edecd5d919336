/**
 * The control plane's routes, under `/v1/platform/…`: operators sign in to their own pool here and
 * act on tenants with its tokens. A tenant's token is refused on every one of them (the operator
 * authorizer checks the operator pool's issuer and audience), as an operator's is on tenant routes.
 */
import type { RouteDefinition } from '#shared/http/route.ts';
import { tokensSchema } from '#shared/identity/api-schemas.ts';
import {
  operatorLoginBodySchema,
  operatorLoginMfaBodySchema,
  operatorLoginSchema,
  operatorMfaSetupBodySchema,
  operatorSchema,
} from './api-schemas.ts';
import {
  listTenantsQuerySchema,
  tenantDetailSchema,
  tenantPathSchema,
  tenantSummaryPageSchema,
} from './tenant-schemas.ts';

/** The OpenAPI tag of every control-plane route. */
export const platformTag = 'Platform';

export const platformAuthRoutes = {
  operatorLogin: {
    method: 'POST',
    path: '/v1/platform/auth/login',
    entry: 'functions/platform/login.ts',
    auth: 'public',
    operatorPool: true,
    sourceIpLimit: 'signIn',
    table: 'none',
    docs: {
      summary: 'Operator sign-in: email and password',
      description:
        'Never tokens: an operator without an authenticator gets its new secret (`MFA_SETUP`, finished by `POST /v1/platform/auth/mfa/setup`), every other one the TOTP challenge (`POST /v1/platform/auth/login/mfa`).',
      tag: platformTag,
    },
    request: { body: operatorLoginBodySchema },
    response: { status: 200, description: 'The second step to take', body: operatorLoginSchema },
    errors: ['unauthorized'],
  },
  operatorMfaSetup: {
    method: 'POST',
    path: '/v1/platform/auth/mfa/setup',
    entry: 'functions/platform/mfa-setup.ts',
    auth: 'public',
    operatorPool: true,
    sourceIpLimit: 'signIn',
    table: 'none',
    docs: {
      summary: "Confirm an operator's first authenticator",
      description:
        'With the password and a current code of the secret the first sign-in answered: TOTP becomes required at every sign-in, and the answer is the first tokens.',
      tag: platformTag,
    },
    request: { body: operatorMfaSetupBodySchema },
    response: { status: 200, description: 'Operator tokens', body: tokensSchema },
    errors: ['unauthorized', 'invalid_code', 'conflict'],
  },
  operatorLoginMfa: {
    method: 'POST',
    path: '/v1/platform/auth/login/mfa',
    entry: 'functions/platform/login-mfa.ts',
    auth: 'public',
    operatorPool: true,
    sourceIpLimit: 'signIn',
    table: 'none',
    docs: { summary: "Finish an operator's sign-in with a TOTP code", tag: platformTag },
    request: { body: operatorLoginMfaBodySchema },
    response: { status: 200, description: 'Operator tokens', body: tokensSchema },
    errors: ['unauthorized', 'invalid_code'],
  },
  getOperator: {
    method: 'GET',
    path: '/v1/platform/me',
    entry: 'functions/platform/me.ts',
    auth: 'operator',
    table: 'none',
    docs: { summary: 'The signed-in operator', tag: platformTag },
    response: { status: 200, description: 'The operator', body: operatorSchema },
  },
} as const satisfies Record<string, RouteDefinition>;

export const platformTenantRoutes = {
  listTenants: {
    method: 'GET',
    path: '/v1/platform/tenants',
    entry: 'functions/platform/list-tenants.ts',
    auth: 'operator',
    // The directory index and the email guards span tenants (own role); an owner is read with
    // that tenant's scoped credentials.
    table: 'read',
    tenantDirectory: true,
    globalReads: ['EMAIL'],
    cursors: true,
    docs: {
      summary: 'List and search tenants',
      description:
        'By name prefix (any case), owner email, plan (the one paid for) and status; sorted by name. Filtering by plan or status can leave a page short of `limit`: follow `nextCursor` until it is null.',
      tag: platformTag,
    },
    request: { query: listTenantsQuerySchema },
    response: { status: 200, description: 'One page', body: tenantSummaryPageSchema },
  },
  getTenant: {
    method: 'GET',
    path: '/v1/platform/tenants/{tenantId}',
    entry: 'functions/platform/get-tenant.ts',
    auth: 'operator',
    table: 'read',
    docs: {
      summary: "One tenant's metadata",
      description:
        "Plan and complimentary plan, status, members, seats and projects against the plan, the operator's overrides and the last activity. Metadata only: no project, export or audit contents.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema },
    response: { status: 200, description: 'The tenant', body: tenantDetailSchema },
    errors: ['not_found'],
  },
} as const satisfies Record<string, RouteDefinition>;
