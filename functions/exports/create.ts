/** POST /v1/exports: start an export of all the tenant's data (admin+) → 202 with the job to follow. */
import { jobRecordStore, tenantStore } from '#shared/data/stores.ts';
import { exportRoutes } from '#shared/exports/routes.ts';
import { requestExport } from '#shared/exports/service.ts';
import { accepted, apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';

export const handler = apiHandler(exportRoutes.createExport, {
  handle: async ({ caller, idempotency }) => {
    const { body, replayed } = await requestExport(caller, idempotency, {
      store: jobRecordStore(),
      tenants: tenantStore(),
      enqueue,
    });
    return accepted(body, {
      location: `/v1/jobs/${body.jobId}`,
      ...(replayed && { 'idempotent-replayed': 'true' }),
    });
  },
});
