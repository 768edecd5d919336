/** GET /v1/platform/me: the operator the token belongs to. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { platformAuthRoutes } from '#shared/platform/routes.ts';

export const handler = apiHandler(platformAuthRoutes.getOperator, {
  handle: async ({ operator }) => ok({ operatorId: operator.operatorId, email: operator.email }),
});
