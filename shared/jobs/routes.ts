/**
 * The job reads (admin+: an export job's result leads to all of the tenant's data). They only name
 * the download route (shared/exports/routes.ts), so they cannot reach the bucket nor carry S3 code.
 */
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { jobPathSchema, listJobsQuerySchema } from './api-schemas.ts';
import { jobViewSchema } from './views.ts';

export const jobRoutes = {
  listJobs: {
    method: 'GET',
    path: '/v1/jobs',
    entry: 'functions/jobs/list.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
    cursors: true,
    docs: {
      summary: 'List background jobs, newest first',
      description:
        'Admin or owner: jobs the tenant started (exports, deletion) with status and progress.',
      tag: 'Jobs',
    },
    request: { query: listJobsQuerySchema },
    response: { status: 200, description: 'One page', body: pageSchema(jobViewSchema, 'JobPage') },
  },
  getJob: {
    method: 'GET',
    path: '/v1/jobs/{id}',
    entry: 'functions/jobs/get.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
    docs: {
      summary: 'Read a background job',
      description:
        'Admin or owner. `status` is queued, running, succeeded or failed; `progress` 0..100; a succeeded export’s result carries `downloadPath` (the download route), or `expired: true` once its file is gone.',
      tag: 'Jobs',
    },
    request: { path: jobPathSchema },
    response: { status: 200, description: 'The job', body: jobViewSchema, headers: ['ETag'] },
    errors: ['not_found'],
  },
} as const satisfies Record<string, RouteDefinition>;
