/** GET /v1/platform/costs/least-profitable: the tenants with the lowest margin of a day or month. */
import { leastProfitableTenants } from '#shared/costs/service.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { platformTenantRoutes } from '#shared/platform/routes.ts';

export const handler = apiHandler(platformTenantRoutes.listLeastProfitableTenants, {
  handle: async ({ query }) =>
    ok({ items: await leastProfitableTenants(query.period, query.limit) }),
});
