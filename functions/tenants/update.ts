/** PATCH /v1/tenant: rename the tenant or require MFA; If-Match required, a stale ETag is a 412. */
import { routes } from '#shared/api/routes.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { updateTenantBodySchema } from '#shared/tenants/api-schemas.ts';
import { updateTenantSettings } from '#shared/tenants/settings.ts';

export const handler = apiHandler(routes.updateTenant, {
  body: updateTenantBodySchema,
  handle: async ({ ctx, body, headers, requestId, sourceIp }) => {
    const { tenant, version } = await updateTenantSettings(
      { ctx, meta: { requestId, sourceIp } },
      body,
      requiredIfMatch(headers),
      { store: tenantStore() },
    );
    return ok(tenant, { etag: etag(version) });
  },
});
