/** GET /v1/platform/tenants: tenants by name, owner email, plan and status, one page at a time. */
import { tenantDirectory, tenantStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { platformTenantRoutes } from '#shared/platform/routes.ts';
import { searchTenants } from '#shared/platform/tenants.ts';

export const handler = apiHandler(platformTenantRoutes.listPlatformTenants, {
  handle: async ({ operator, query }) =>
    ok(
      await searchTenants(
        operator,
        {
          limit: query.limit,
          ...(query.cursor !== undefined && { cursor: query.cursor }),
          ...(query.name !== undefined && { namePrefix: query.name }),
          ...(query.ownerEmail !== undefined && { ownerEmail: query.ownerEmail }),
          ...(query.plan !== undefined && { plan: query.plan }),
          ...(query.status !== undefined && { status: query.status }),
        },
        await cursorCodec(),
        { directory: tenantDirectory(), tenants: tenantStore() },
      ),
    ),
});
