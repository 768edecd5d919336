/** The operations routes: liveness and the OpenAPI document. */
import { healthSchema, openApiDocumentSchema } from '#shared/api-docs/common-schemas.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

export const operationRoutes = {
  health: {
    method: 'GET',
    path: '/health',
    entry: 'functions/health/get.ts',
    auth: 'public',
    table: 'none',
    docs: { summary: 'Liveness', tag: 'Operations' },
    response: { status: 200, description: 'The API is up', body: healthSchema },
  },
  openApi: {
    method: 'GET',
    path: '/v1/openapi.json',
    entry: 'functions/docs/openapi.ts',
    auth: 'public',
    table: 'none',
    docs: { summary: 'This OpenAPI document', tag: 'Operations' },
    response: { status: 200, description: 'OpenAPI 3.1 document', body: openApiDocumentSchema },
  },
} as const satisfies Record<string, RouteDefinition>;
