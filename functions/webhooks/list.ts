/** GET /v1/webhooks: the tenant's webhook endpoints, newest first, one Query per page; no secrets. */

import { webhookStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { listResources } from '#shared/resources/service.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { webhookRoutes } from '#shared/webhooks/routes.ts';

export const handler = apiHandler(webhookRoutes.listWebhooks, {
  handle: async ({ ctx, query }) =>
    ok(
      await listResources(webhookResource, { ctx }, query, await cursorCodec(), {
        store: webhookStore(),
      }),
    ),
});
