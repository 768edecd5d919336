/** The tenant routes: sign-up, the caller, and the tenant's own settings. */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { createsUsers } from '#shared/identity/user-pool-actions.ts';
import {
  callerViewSchema,
  signUpBodySchema,
  signUpResultSchema,
  tenantViewSchema,
  updateTenantBodySchema,
} from './api-schemas.ts';

export const tenantRoutes = {
  createTenant: {
    method: 'POST',
    path: '/v1/tenants',
    entry: 'functions/tenants/create.ts',
    auth: 'public',
    sourceIpLimit: 'signUp',
    table: 'readWrite',
    // The owner's verification code is a mail.send job.
    queues: ['critical'],
    userPool: createsUsers,
    docs: {
      summary: 'Sign up a new tenant and its owner',
      description:
        'Public. Creates the tenant on the free plan and its owner; the email must be new.',
      tag: 'Tenants',
    },
    request: { body: signUpBodySchema },
    response: { status: 201, description: 'Tenant and owner created', body: signUpResultSchema },
    errors: ['conflict'],
  },
  getMe: {
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/me/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    readsFeatures: true,
    docs: { summary: 'The caller: user, tenant, role and plan', tag: 'Tenants' },
    response: { status: 200, description: 'The caller', body: callerViewSchema },
  },
  getTenant: {
    method: 'GET',
    path: '/v1/tenant',
    entry: 'functions/tenants/get.ts',
    auth: 'tenant',
    ...can('read'),
    table: 'read',
    docs: { summary: 'Read the tenant', tag: 'Tenants' },
    response: { status: 200, description: 'The tenant', body: tenantViewSchema, headers: ['ETag'] },
  },
  updateTenant: {
    method: 'PATCH',
    path: '/v1/tenant',
    entry: 'functions/tenants/update.ts',
    auth: 'tenant',
    ...can('manageSettings'),
    table: 'readWrite',
    docs: { summary: 'Rename the tenant or require MFA of every member', tag: 'Tenants' },
    request: { body: updateTenantBodySchema, headers: ['If-Match'] },
    response: {
      status: 200,
      description: 'The changed tenant',
      body: tenantViewSchema,
      headers: ['ETag'],
    },
    // 409: requiring MFA while the caller has none enrolled would lock the caller out.
    errors: ['precondition_failed', 'precondition_required', 'conflict'],
  },
} as const satisfies Record<string, RouteDefinition>;
