/** POST /v1/webhooks: register an endpoint; its signing secret is in this answer only; idempotent; 402 over the plan. */

import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { createResource } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const handler = apiHandler(webhookRoutes.createWebhook, {
  handle: async ({ caller, body, idempotency }) => {
    const { body: webhook, replayed } = await createResource(
      webhookResource,
      caller,
      body,
      idempotency,
      { store: webhookStore() },
    );
    return created(webhook, {
      etag: etag(webhook.version),
      location: `/v1/webhooks/${webhook.id}`,
      ...(replayed && { 'idempotent-replayed': 'true' }),
    });
  },
});
