/** GET /v1/billing: the plan, the subscription as Stripe last reported it, and read-only state (owner, admin). */
import { billingRoutes } from '#shared/billing/routes.ts';
import { billingOverview } from '#shared/billing/service.ts';
import { billingGraceDays } from '#shared/config/billing-config.ts';
import { billingStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';

export const handler = apiHandler(billingRoutes.getBilling, {
  handle: async ({ caller }) =>
    ok(await billingOverview(caller, { store: billingStore(), graceDays: billingGraceDays() })),
});
