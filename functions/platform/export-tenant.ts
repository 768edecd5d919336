/** POST /v1/platform/tenants/{tenantId}/exports: an export on the tenant's behalf → 202 with the job. */
import { jobRecordStore, platformAuditStore } from '#shared/data/stores.ts';
import { accepted, apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import { exportOnBehalf } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';

export const handler = apiHandler(platformActionRoutes.exportOnBehalf, {
  handle: async ({ operator, path, body, meta }) =>
    accepted(
      await exportOnBehalf(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        { store: jobRecordStore(), platformAudit: platformAuditStore(), enqueue },
      ),
    ),
});
