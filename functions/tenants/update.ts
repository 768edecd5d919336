/** PATCH /v1/tenant: rename the tenant or require MFA; If-Match required, a stale ETag is a 412. */
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { tenantRoutes } from '#shared/tenants/routes.ts';
import { updateTenantSettings } from '#shared/tenants/settings.ts';

export const handler = apiHandler(tenantRoutes.updateTenant, {
  handle: async ({ caller, body, headers }) => {
    const { tenant, version } = await updateTenantSettings(caller, body, requiredIfMatch(headers), {
      store: tenantStore(),
    });
    return ok(tenant, { etag: etag(version) });
  },
});
