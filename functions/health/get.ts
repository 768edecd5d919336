/** GET /health: liveness for load balancers and uptime checks; touches no dependency. */
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { operationRoutes } from '#shared/operations/routes.ts';

export const handler = apiHandler(operationRoutes.health, {
  handle: async () => ok({ status: 'ok' as const }),
});
