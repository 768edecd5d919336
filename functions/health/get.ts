/** GET /health: liveness for load balancers and uptime checks; touches no dependency. */
import { routes } from '#shared/api/routes.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';

export const handler = apiHandler(routes.health, {
  handle: async () => ok({ status: 'ok' }),
});
