/** PATCH /v1/webhooks/{id}: change url, events or description; If-Match required, a stale ETag is a 412. */

import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { updateResource } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const handler = apiHandler(webhookRoutes.updateWebhook, {
  handle: async ({ caller, path, body, headers }) => {
    const webhook = await updateResource(
      webhookResource,
      caller,
      path.id,
      requiredIfMatch(headers),
      body,
      { store: webhookStore() },
    );
    return ok(webhook, { etag: etag(webhook.version) });
  },
});
