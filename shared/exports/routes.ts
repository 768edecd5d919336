/** The export routes: start an export of all the tenant's data, and download its file. */
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { jobPathSchema } from '#shared/jobs/api-schemas.ts';
import { exportDownloadSchema, exportStartedSchema } from './api-schemas.ts';

export const exportRoutes = {
  createExport: {
    method: 'POST',
    path: '/v1/exports',
    entry: 'functions/exports/create.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'readWrite',
    idempotent: true,
    queues: ['bulk'],
    docs: {
      summary: 'Export all of the tenant’s data',
      description:
        'Admin or owner. Starts a background job that writes every item of the tenant (tenant, members, projects, audit trail, jobs) as gzip’d JSON Lines; follow it at `Location` (`GET /v1/jobs/{id}`), whose result names the download path (`GET /v1/jobs/{id}/download`) once it has succeeded. Idempotent with an `Idempotency-Key` header.',
      tag: 'Jobs',
    },
    response: {
      status: 202,
      description: 'Queued; `Location` names the job',
      body: exportStartedSchema,
      headers: ['Location'],
    },
    errors: ['idempotency_mismatch'],
  },
  downloadJobResult: {
    method: 'GET',
    path: '/v1/jobs/{id}/download',
    entry: 'functions/jobs/download.ts',
    auth: 'tenant',
    ...can('exportData'),
    table: 'read',
    exportFiles: 'presign',
    docs: {
      summary: 'Download the file of a succeeded export',
      description:
        'Admin or owner. Redirects (302) to a pre-signed URL of the export file, valid 15 minutes; the body carries the same URL for clients that do not follow redirects. Send the bearer token to this route only, never to the URL: a client that follows the redirect must drop `Authorization` on the way (fetch and curl do, the URL goes to another host). 409 while the job is not a succeeded export with a file, 410 once the file has expired (7 days).',
      tag: 'Jobs',
    },
    request: { path: jobPathSchema },
    response: {
      status: 302,
      description: 'Redirect to the pre-signed URL of the file (`Location`), valid 15 minutes',
      body: exportDownloadSchema,
      headers: ['Location'],
    },
    errors: ['not_found', 'conflict', 'gone'],
  },
} as const satisfies Record<string, RouteDefinition>;
