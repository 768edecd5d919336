/** POST /v1/webhooks: register an endpoint; its signing secret is in this answer only; idempotent; 402 over the plan. */
import { routes } from '#shared/api/routes.ts';
import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { createResource } from '#shared/resources/service.ts';
import { createWebhookBodySchema } from '#shared/webhooks/api-schemas.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';

export const handler = apiHandler(routes.createWebhook, {
  body: createWebhookBodySchema,
  handle: async ({ ctx, body, idempotency, requestId, sourceIp }) => {
    const { body: webhook, replayed } = await createResource(
      webhookResource,
      { ctx, meta: { requestId, sourceIp } },
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
