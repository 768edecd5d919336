/**
 * What the OpenAPI document says about each route: summary, schemas and the errors it can answer.
 * Typed against the route table, so a route without docs does not compile.
 */
import type { z } from 'zod';
import type { RouteId } from '../../lib/api/routes.ts';
import type { ErrorCode } from '../errors.ts';
import { exportStartedSchema } from '../exports/api-schemas.ts';
import { loginBodySchema, refreshBodySchema, tokensSchema } from '../identity/api-schemas.ts';
import { jobPathSchema, listJobsQuerySchema } from '../jobs/api-schemas.ts';
import { jobViewSchema } from '../jobs/views.ts';
import { deleteTenantBodySchema, offboardingStartedSchema } from '../offboarding/api-schemas.ts';
import {
  createProjectBodySchema,
  listProjectsQuerySchema,
  projectPathSchema,
  updateProjectBodySchema,
} from '../projects/api-schemas.ts';
import { projectViewSchema } from '../projects/views.ts';
import { callerViewSchema, signUpBodySchema, signUpResultSchema } from '../tenants/api-schemas.ts';
import { healthSchema, pageSchema } from './common-schemas.ts';

export interface RouteDoc {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly body?: z.ZodType;
  readonly query?: z.ZodType;
  readonly path?: z.ZodType;
  /** Headers the route reads beyond Authorization. */
  readonly headers?: readonly ('If-Match' | 'Idempotency-Key')[];
  readonly success: {
    readonly status: number;
    readonly description: string;
    readonly schema?: z.ZodType;
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
    tag: 'Auth',
    body: loginBodySchema,
    success: { status: 200, description: 'Cognito tokens', schema: tokensSchema },
    errors: ['unauthorized'],
  },
  refresh: {
    summary: 'Exchange a refresh token for fresh tokens',
    tag: 'Auth',
    body: refreshBodySchema,
    success: { status: 200, description: 'Fresh ID and access tokens', schema: tokensSchema },
    errors: ['unauthorized'],
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
      'Admin or owner. Starts a background job that writes every item of the tenant (tenant, members, projects, audit trail, jobs) as gzip’d JSON Lines; follow it at `Location` (`GET /v1/jobs/{id}`), whose result carries a download URL valid 15 minutes. Idempotent with an `Idempotency-Key` header.',
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
      'Admin or owner. `status` is queued, running, succeeded or failed; `progress` 0..100; a succeeded export carries a download URL valid 15 minutes from this read.',
    tag: 'Jobs',
    path: jobPathSchema,
    success: { status: 200, description: 'The job; `ETag` header', schema: jobViewSchema },
    errors: ['not_found'],
  },
};
