/** The operations routes: liveness, readiness and the OpenAPI document. */
import {
  healthSchema,
  openApiDocumentSchema,
  readinessSchema,
} from '#shared/api-docs/common-schemas.ts';
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
  // Readiness: one read of a fixed key; 503 while the table cannot be read.
  ready: {
    method: 'GET',
    path: '/health/ready',
    entry: 'functions/health/ready.ts',
    auth: 'public',
    table: 'none',
    globalReads: ['HEALTH'],
    docs: {
      summary: 'Readiness',
      description: 'Reads the database once: 200 when it answers, 503 when it does not.',
      tag: 'Operations',
    },
    response: {
      status: 200,
      description: 'The API and its database are ready',
      body: readinessSchema,
    },
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
