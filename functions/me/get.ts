/** GET /v1/me: the caller's user, tenant, role, plan and enabled features. */
import { tenantStore } from '#shared/data/stores.ts';
import { enabledFeatures } from '#shared/features/features.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { describeCaller } from '#shared/tenants/me.ts';
import { tenantRoutes } from '#shared/tenants/routes.ts';

export const handler = apiHandler(tenantRoutes.getMe, {
  handle: async ({ ctx }) => ok(await describeCaller(ctx, tenantStore(), enabledFeatures)),
});
