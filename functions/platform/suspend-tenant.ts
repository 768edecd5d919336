/** Suspend a tenant: every request of its members is a 403 from the next one on. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { changeTenantStatus } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';
import { controlDependencies } from './control-dependencies.ts';

export const handler = apiHandler(platformActionRoutes.suspendTenant, {
  handle: async ({ operator, path, body, meta }) =>
    ok(
      await changeTenantStatus(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        'suspended',
        controlDependencies(),
      ),
    ),
});
