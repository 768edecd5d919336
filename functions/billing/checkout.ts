/** POST /v1/billing/checkout: the url of a Stripe Checkout Session for a plan (owner); Idempotency-Key goes on to Stripe. */
import { billingDependencies } from '#shared/billing/dependencies.ts';
import { billingRoutes } from '#shared/billing/routes.ts';
import { startCheckout } from '#shared/billing/service.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';

export const handler = apiHandler(billingRoutes.startCheckout, {
  handle: async ({ caller, body, idempotency }) =>
    ok(await startCheckout(caller, body, idempotency?.key, billingDependencies())),
});
