/** PUT /v1/platform/tenants/{tenantId}/complimentary-plan: a plan for free until a future date. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { grantComplimentaryPlan } from '#shared/platform/actions.ts';
import { platformActionRoutes } from '#shared/platform/routes.ts';
import { controlDependencies } from './control-dependencies.ts';

export const handler = apiHandler(platformActionRoutes.grantComplimentaryPlan, {
  handle: async ({ operator, path, body, meta }) =>
    ok(
      await grantComplimentaryPlan(
        { operator, tenantId: path.tenantId, reason: body.reason, meta },
        { plan: body.plan, until: body.until },
        controlDependencies(),
      ),
    ),
});
