/** GET /v1/webhooks: the tenant's webhook endpoints, newest first, one Query per page; no secrets. */
import { routes } from '#shared/api/routes.ts';
import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { listResources } from '#shared/resources/service.ts';
import { listWebhooksQuerySchema } from '#shared/webhooks/api-schemas.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';

export const handler = apiHandler(routes.listWebhooks, {
  query: listWebhooksQuerySchema,
  handle: async ({ ctx, query }) =>
    ok(
      await listResources(webhookResource, { ctx }, query, await cursorCodec(), {
        store: webhookStore(),
      }),
    ),
});
