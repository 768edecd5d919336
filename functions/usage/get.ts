/** GET /v1/usage: this month's requests against the quota and holdings against the plan. */
import { limitsConfig } from '#shared/config/runtime-config.ts';
import { usageReader } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { usageRoutes } from '#shared/usage/routes.ts';
import { readTenantUsage } from '#shared/usage/usage.ts';

export const handler = apiHandler(usageRoutes.getUsage, {
  handle: async ({ ctx }) =>
    ok(
      await readTenantUsage(ctx, usageReader(), {
        scale: limitsConfig().scale,
        now: new Date(),
      }),
    ),
});
