/** GET /v1/platform/tenants/{tenantId}: one tenant's metadata for an operator. */
import { limitsConfig } from '#shared/config/runtime-config.ts';
import { tenantFactsReader, usageReader } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { platformTenantRoutes } from '#shared/platform/routes.ts';
import { tenantDetail } from '#shared/platform/tenants.ts';

export const handler = apiHandler(platformTenantRoutes.getPlatformTenant, {
  handle: async ({ operator, path }) =>
    ok(
      await tenantDetail(operator, path.tenantId, {
        facts: tenantFactsReader(),
        usage: usageReader(),
        limitsScale: limitsConfig().scale,
      }),
    ),
});
