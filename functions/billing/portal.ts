/** POST /v1/billing/portal: the url of a Stripe Customer Portal session (owner). */
import { billingDependencies } from '#shared/billing/dependencies.ts';
import { billingRoutes } from '#shared/billing/routes.ts';
import { openPortal } from '#shared/billing/service.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';

export const handler = apiHandler(billingRoutes.openBillingPortal, {
  handle: async ({ caller }) => ok(await openPortal(caller, billingDependencies())),
});
