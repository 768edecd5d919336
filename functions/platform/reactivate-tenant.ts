/** Reactivate a suspended tenant. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { changeTenantStatus } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';
import { controlDependencies } from './control-dependencies.ts';

export const handler = apiHandler(platformActionRoutes.reactivateTenant, {
  handle: async ({ operator, path, body, meta }) =>
    ok(
      await changeTenantStatus(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        'active',
        controlDependencies(),
      ),
    ),
});
