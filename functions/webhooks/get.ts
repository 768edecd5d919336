/** GET /v1/webhooks/{id}: one endpoint with its ETag (never its secret; 304 to a matching If-None-Match); another tenant's id is a plain 404. */
import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { getResource } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const handler = apiHandler(webhookRoutes.getWebhook, {
  handle: async ({ ctx, path, headers }) => {
    const webhook = await getResource(webhookResource, { ctx }, path.id, {
      store: webhookStore(),
    });
    return versionedRead(headers, webhook, webhook.version);
  },
});
