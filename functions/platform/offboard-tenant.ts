/** POST /v1/platform/tenants/{tenantId}/offboarding: the tenant's deletion on its behalf → 202. */
import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { offboardingStore, platformAuditStore } from '#shared/data/stores.ts';
import { accepted, apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import { offboardOnBehalf } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';

export const handler = apiHandler(platformActionRoutes.offboardOnBehalf, {
  handle: async ({ operator, path, body, meta }) =>
    accepted(
      await offboardOnBehalf(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        body.confirm,
        {
          store: offboardingStore(),
          platformAudit: platformAuditStore(),
          enqueue,
          flushAuthorizers,
        },
      ),
    ),
});
