/** DELETE /v1/tenant: the owner deletes the tenant, confirming with its name → 202; tokens die at once. */
import { routes } from '#shared/api/routes.ts';
import { offboardingStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import { deleteTenantBodySchema } from '#shared/offboarding/api-schemas.ts';
import { requestOffboarding } from '#shared/offboarding/service.ts';

export const handler = apiHandler(routes.deleteTenant, {
  body: deleteTenantBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) => ({
    statusCode: 202,
    body: await requestOffboarding({ ctx, meta: { requestId, sourceIp } }, body.confirm, {
      store: offboardingStore(),
      enqueue,
    }),
  }),
});
