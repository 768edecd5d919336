/** GET /v1/tenant: the caller's tenant with its ETag. */
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { tenantRoutes } from '#shared/tenants/routes.ts';
import { getTenantSettings } from '#shared/tenants/settings.ts';

export const handler = apiHandler(tenantRoutes.getTenant, {
  handle: async ({ ctx, headers }) => {
    const { tenant, version } = await getTenantSettings({ ctx }, tenantStore());
    return versionedRead(headers, tenant, version);
  },
});
