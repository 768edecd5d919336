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
import { leastProfitableQuerySchema, leastProfitableSchema } from './cost-schemas.ts';
import {
  complimentaryPlanBodySchema,
  complimentaryPlanViewSchema,
  listTenantsQuerySchema,
  offboardingBodySchema,
  overridesBodySchema,
  overridesViewSchema,
  reasonBodySchema,
  startedJobSchema,
  tenantDetailSchema,
  tenantPathSchema,
  tenantStatusViewSchema,
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
  listPlatformTenants: {
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
  getPlatformTenant: {
    method: 'GET',
    path: '/v1/platform/tenants/{tenantId}',
    entry: 'functions/platform/get-tenant.ts',
    auth: 'operator',
    table: 'read',
    docs: {
      summary: "One tenant's metadata",
      description:
        "Plan and complimentary plan, status, members, seats and projects against the plan, the operator's overrides, the last activity, the subscription as Stripe last said, and this month's cost, revenue and margin so far. Metadata only: no project, export or audit contents.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema },
    response: { status: 200, description: 'The tenant', body: tenantDetailSchema },
    errors: ['not_found'],
  },
  listLeastProfitableTenants: {
    method: 'GET',
    path: '/v1/platform/costs/least-profitable',
    entry: 'functions/platform/least-profitable.ts',
    auth: 'operator',
    // The ranking spans tenants: GSI1 `COSTRANK#<period>` with the function's own role, nothing else.
    table: 'none',
    costRanking: true,
    docs: {
      summary: 'The least profitable tenants of a day or a month',
      description:
        'Lowest margin first (revenue from the plan paid for, prorated per day, minus the cost the daily job priced). A month is month to date: the days the daily job has priced so far.',
      tag: platformTag,
    },
    request: { query: leastProfitableQuerySchema },
    response: { status: 200, description: 'The tenants', body: leastProfitableSchema },
  },
} as const satisfies Record<string, RouteDefinition>;

/** An operator action on one tenant: tenant-scoped writes, then the platform audit item. */
const tenantAction = {
  auth: 'operator',
  table: 'readWrite',
  globalWrites: ['PLATFORM'],
} as const;

export const platformActionRoutes = {
  suspendTenant: {
    ...tenantAction,
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/suspend',
    entry: 'functions/platform/suspend-tenant.ts',
    flushesAuthorizers: true,
    docs: {
      summary: 'Suspend a tenant',
      description:
        "Every request of the tenant's members answers 403 `tenant_suspended` from the next one on (the authorizer cache is flushed). Audited in the platform trail and the tenant's own.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema, body: reasonBodySchema },
    response: { status: 200, description: 'Suspended', body: tenantStatusViewSchema },
    errors: ['not_found', 'conflict'],
  },
  reactivateTenant: {
    ...tenantAction,
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/reactivate',
    entry: 'functions/platform/reactivate-tenant.ts',
    flushesAuthorizers: true,
    docs: { summary: 'Reactivate a suspended tenant', tag: platformTag },
    request: { path: tenantPathSchema, body: reasonBodySchema },
    response: { status: 200, description: 'Active again', body: tenantStatusViewSchema },
    errors: ['not_found', 'conflict'],
  },
  grantComplimentaryPlan: {
    ...tenantAction,
    method: 'PUT',
    path: '/v1/platform/tenants/{tenantId}/complimentary-plan',
    entry: 'functions/platform/grant-complimentary-plan.ts',
    flushesAuthorizers: true,
    docs: {
      summary: 'Give a tenant a plan for free until a date',
      description:
        'Its limits and features follow this plan until `until` (in the future), then the plan it pays for again. Billing is not touched.',
      tag: platformTag,
    },
    request: { path: tenantPathSchema, body: complimentaryPlanBodySchema },
    response: { status: 200, description: 'Granted', body: complimentaryPlanViewSchema },
    errors: ['not_found', 'conflict'],
  },
  setTenantOverrides: {
    ...tenantAction,
    method: 'PUT',
    path: '/v1/platform/tenants/{tenantId}/overrides',
    entry: 'functions/platform/set-overrides.ts',
    flushesAuthorizers: true,
    docs: {
      summary: "Set a tenant's limit and feature overrides",
      description:
        "Each limit replaces the plan's (rate, burst, monthly quota) and each feature wins over the plan; null removes them.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema, body: overridesBodySchema },
    response: { status: 200, description: 'The overrides now', body: overridesViewSchema },
    errors: ['not_found', 'conflict'],
  },
  exportOnBehalf: {
    ...tenantAction,
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/exports',
    entry: 'functions/platform/export-tenant.ts',
    queues: ['bulk'],
    docs: {
      summary: "Start an export of a tenant's data on its behalf",
      description:
        "The tenant's admins follow and download it (GET /v1/jobs/{id}); the operator gets the job id only, never the file.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema, body: reasonBodySchema },
    response: { status: 202, description: 'Queued', body: startedJobSchema },
    errors: ['not_found'],
  },
  offboardOnBehalf: {
    ...tenantAction,
    method: 'POST',
    path: '/v1/platform/tenants/{tenantId}/offboarding',
    entry: 'functions/platform/offboard-tenant.ts',
    queues: ['bulk'],
    flushesAuthorizers: true,
    docs: {
      summary: "Start a tenant's deletion on its behalf",
      description:
        "Confirmed with the tenant's exact name, as its owner would; the same deletion job.",
      tag: platformTag,
    },
    request: { path: tenantPathSchema, body: offboardingBodySchema },
    response: { status: 202, description: 'Deleting', body: startedJobSchema },
    errors: ['not_found', 'conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
