/**
 * Every route of the API, once. The CDK stack builds API Gateway methods and one function per
 * route from this table, and the local gateway dispatches from it, so the two cannot drift.
 */
import type { RouteDefinition } from '../../shared/http/route.ts';

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
    userPool: [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminDeleteUser',
    ],
  },
  login: {
    method: 'POST',
    path: '/v1/auth/login',
    entry: 'functions/auth/login.ts',
    auth: 'public',
    table: 'none',
  },
  refresh: {
    method: 'POST',
    path: '/v1/auth/refresh',
    entry: 'functions/auth/refresh.ts',
    auth: 'public',
    table: 'none',
  },
  getMe: {
    method: 'GET',
    path: '/v1/me',
    entry: 'functions/me/get.ts',
    auth: 'tenant',
    minRole: 'viewer',
    table: 'read',
  },
  createProject: {
    method: 'POST',
    path: '/v1/projects',
    entry: 'functions/projects/create.ts',
    auth: 'tenant',
    minRole: 'member',
    table: 'readWrite',
    idempotent: true,
  },
  listProjects: {
    method: 'GET',
    path: '/v1/projects',
    entry: 'functions/projects/list.ts',
    auth: 'tenant',
    minRole: 'viewer',
    table: 'read',
    cursors: true,
  },
  getProject: {
    method: 'GET',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/get.ts',
    auth: 'tenant',
    minRole: 'viewer',
    table: 'read',
  },
  updateProject: {
    method: 'PATCH',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/update.ts',
    auth: 'tenant',
    minRole: 'member',
    table: 'readWrite',
  },
  deleteProject: {
    method: 'DELETE',
    path: '/v1/projects/{id}',
    entry: 'functions/projects/delete.ts',
    auth: 'tenant',
    minRole: 'member',
    table: 'readWrite',
  },
  // Owner only, and confirmed with the tenant's name: it deletes everything, for every member.
  deleteTenant: {
    method: 'DELETE',
    path: '/v1/tenant',
    entry: 'functions/tenants/delete.ts',
    auth: 'tenant',
    minRole: 'owner',
    table: 'readWrite',
    queues: ['bulk'],
  },
  createExport: {
    method: 'POST',
    path: '/v1/exports',
    entry: 'functions/exports/create.ts',
    auth: 'tenant',
    minRole: 'admin',
    table: 'readWrite',
    idempotent: true,
    queues: ['bulk'],
  },
  // Jobs are admin+ reading: an export job's result is a link to all of the tenant's data.
  listJobs: {
    method: 'GET',
    path: '/v1/jobs',
    entry: 'functions/jobs/list.ts',
    auth: 'tenant',
    minRole: 'admin',
    table: 'read',
    cursors: true,
    exportFiles: 'presign',
  },
  getJob: {
    method: 'GET',
    path: '/v1/jobs/{id}',
    entry: 'functions/jobs/get.ts',
    auth: 'tenant',
    minRole: 'admin',
    table: 'read',
    exportFiles: 'presign',
  },
} as const satisfies Record<string, RouteDefinition>;

export type RouteId = keyof typeof routes;

/** The authorizer is not a route, but is built and run the same way in both runtimes. */
export const authorizerEntry = 'functions/auth/authorizer.ts';
