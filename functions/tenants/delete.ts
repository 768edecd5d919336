/** DELETE /v1/tenant: the owner deletes the tenant, confirming with its name → 202; tokens die at once. */
import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { offboardingStore } from '#shared/data/stores.ts';
import { accepted, apiHandler } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import { offboardingRoutes } from '#shared/offboarding/routes.ts';
import { requestOffboarding } from '#shared/offboarding/service.ts';

export const handler = apiHandler(offboardingRoutes.deleteTenant, {
  handle: async ({ caller, body }) => {
    const started = await requestOffboarding(caller, body.confirm, {
      store: offboardingStore(),
      enqueue,
    });
    await flushAuthorizers();
    return accepted(started);
  },
});
