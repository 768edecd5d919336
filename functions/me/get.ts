/** GET /v1/me: the caller's user, tenant, role, plan and enabled features. */
import { routes } from '#shared/api/routes.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { enabledFeatures } from '#shared/features/features.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { describeCaller } from '#shared/tenants/me.ts';

export const handler = apiHandler(routes.getMe, {
  handle: async ({ ctx }) => ok(await describeCaller(ctx, tenantStore(), enabledFeatures)),
});
