/** POST /v1/exports: start an export of all the tenant's data (admin+) → 202 with the job to follow. */
import { routes } from '#shared/api/routes.ts';
import { jobRecordStore, tenantStore } from '#shared/data/stores.ts';
import { requestExport } from '#shared/exports/service.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';

export const handler = apiHandler(routes.createExport, {
  handle: async ({ ctx, idempotency, requestId, sourceIp }) => {
    const { body, replayed } = await requestExport(
      { ctx, meta: { requestId, sourceIp } },
      idempotency,
      { store: jobRecordStore(), tenants: tenantStore(), enqueue },
    );
    return {
      statusCode: 202,
      body,
      headers: {
        location: `/v1/jobs/${body.jobId}`,
        ...(replayed && { 'idempotent-replayed': 'true' }),
      },
    };
  },
});
