/** POST /webhooks/stripe: verify Stripe's signature, take each event id once, hand the sync to jobs-critical. */
import { billingRoutes } from '#shared/billing/routes.ts';
import { stripeAccess } from '#shared/billing/stripe-client.ts';
import { receiveStripeEvent } from '#shared/billing/webhook-intake.ts';
import { billingStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';

export const handler = apiHandler(billingRoutes.receiveStripeEvent, {
  handle: async ({ rawBody, headers }) => {
    const { client, webhookSecret } = await stripeAccess();
    const outcome = await receiveStripeEvent(rawBody, headers['stripe-signature'], {
      stripe: client,
      webhookSecret,
      store: billingStore(),
      handOff: async (scope, event) => {
        await enqueue(
          scope,
          'billing.sync',
          { eventId: event.id, eventType: event.type },
          { id: `stripe-${event.id}` },
        );
      },
    });
    return ok({ received: true as const, outcome });
  },
});
