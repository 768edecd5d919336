/** PATCH /v1/webhooks/{id}: change url, events or description; If-Match required, a stale ETag is a 412. */
import { routes } from '#shared/api/routes.ts';
import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';
import { updateResource } from '#shared/resources/service.ts';
import { updateWebhookBodySchema } from '#shared/webhooks/api-schemas.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';

export const handler = apiHandler(routes.updateWebhook, {
  path: resourcePathSchema,
  body: updateWebhookBodySchema,
  handle: async ({ ctx, path, body, headers, requestId, sourceIp }) => {
    const webhook = await updateResource(
      webhookResource,
      { ctx, meta: { requestId, sourceIp } },
      path.id,
      requiredIfMatch(headers),
      body,
      { store: webhookStore() },
    );
    return ok(webhook, { etag: etag(webhook.version) });
  },
});
