/** GET /v1/openapi.json: the API's OpenAPI 3.1 document, built once per cold start and server URL. */
import { buildOpenApiDocument, type OpenApiDocument } from '#shared/api-docs/openapi.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { operationRoutes } from '#shared/operations/routes.ts';

const documents = new Map<string, OpenApiDocument>();

export const handler = apiHandler(operationRoutes.openApi, {
  handle: async ({ baseUrl }) => {
    const document = documents.get(baseUrl) ?? buildOpenApiDocument(baseUrl);
    documents.set(baseUrl, document);
    return ok(document, { 'cache-control': 'public, max-age=300' });
  },
});
