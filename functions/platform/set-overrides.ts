/** PUT /v1/platform/tenants/{tenantId}/overrides: the tenant's limit and feature overrides. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { setTenantOverrides } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';
import { controlDependencies } from './control-dependencies.ts';

export const handler = apiHandler(platformActionRoutes.setTenantOverrides, {
  handle: async ({ operator, path, body, meta }) =>
    ok(
      await setTenantOverrides(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        { limits: body.limits, features: body.features },
        controlDependencies(),
      ),
    ),
});
