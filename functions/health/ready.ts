/**
 * GET /health/ready: readiness, unlike /health (liveness): 200 when the table answers a read, 503
 * `service_unavailable` with Retry-After when it does not, whatever the reason.
 */
import { readTable } from '#shared/data/readiness.ts';
import { ServiceUnavailableError } from '#shared/errors.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { operationRoutes } from '#shared/operations/routes.ts';

export const handler = apiHandler(operationRoutes.ready, {
  handle: async () => {
    try {
      await readTable();
    } catch (error) {
      throw new ServiceUnavailableError(
        'Not ready: the database does not answer',
        {
          checks: { dynamodb: 'failing' },
        },
        { cause: error },
      );
    }
    return ok({ status: 'ready', checks: { dynamodb: 'ok' } });
  },
});
