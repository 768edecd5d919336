/** DELETE /v1/webhooks/{id}: remove an endpoint; If-Match required; frees a slot of the plan's limit. */
import { routes } from '#shared/api/routes.ts';
import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';
import { deleteResource } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';

export const handler = apiHandler(routes.deleteWebhook, {
  path: resourcePathSchema,
  handle: async ({ ctx, path, headers, requestId, sourceIp }) => {
    await deleteResource(
      webhookResource,
      { ctx, meta: { requestId, sourceIp } },
      path.id,
      requiredIfMatch(headers),
      { store: webhookStore() },
    );
    return { statusCode: 204 };
  },
});
