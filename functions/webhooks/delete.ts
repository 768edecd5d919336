/** DELETE /v1/webhooks/{id}: remove an endpoint; If-Match required; frees a slot of the plan's limit. */

import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { deleteResource } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const handler = apiHandler(webhookRoutes.deleteWebhook, {
  handle: async ({ caller, path, headers }) => {
    await deleteResource(webhookResource, caller, path.id, requiredIfMatch(headers), {
      store: webhookStore(),
    });
    return noContent();
  },
});
