/** GET /v1/openapi.json: the API's OpenAPI 3.1 document, built once per cold start. */
import { routes } from '#shared/api/routes.ts';
import { buildOpenApiDocument } from '#shared/api-docs/openapi.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = apiHandler(routes.openApi, {
  handle: async () => {
    document ??= buildOpenApiDocument();
    return ok(document, { 'cache-control': 'public, max-age=300' });
  },
});
