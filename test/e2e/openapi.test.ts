/** The OpenAPI document is generated from the route table and the handlers' own schemas. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';

interface Operation {
  readonly operationId: string;
  readonly security: unknown[];
  readonly parameters: { in: string; name: string }[];
  readonly requestBody?: { content: { 'application/json': { schema: { $ref?: string } } } };
  readonly responses: Record<string, unknown>;
}

interface Document {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: {
    schemas: Record<string, { additionalProperties?: boolean; required?: string[] }>;
  };
}

let gateway: TestGateway;
let document: Document;
beforeAll(async () => {
  gateway = await startTestGateway();
  document = (await request<Document>(gateway.baseUrl, 'GET', '/v1/openapi.json')).body;
});
afterAll(() => gateway.close());

describe('GET /v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every route of the route table, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );

    expect(documented.sort()).toEqual(
      Object.values(routes)
        .map((route) => `${route.method} ${route.path}`)
        .sort(),
    );
  });

  it('requires the bearer token exactly on tenant routes and lists their 401 and 403', () => {
    for (const route of Object.values(routes)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      if (route.auth === 'tenant') {
        expect(operation?.security, route.path).toEqual([{ bearerAuth: [] }]);
        expect(Object.keys(operation?.responses ?? {})).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      } else {
        expect(operation?.security, route.path).toEqual([]);
      }
    }
  });

  it('describes request bodies with the strict schemas the handlers validate with', () => {
    const create = document.paths['/v1/projects']?.post;
    const ref = create?.requestBody?.content['application/json'].schema.$ref ?? '';
    const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];

    expect(schema?.additionalProperties).toBe(false);
    expect(schema?.required).toEqual(['name']);
    expect(create?.parameters.map((parameter) => parameter.name)).toContain('Idempotency-Key');
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '402', '422']),
    );
  });

  it('lists path and query parameters', () => {
    const get = document.paths['/v1/projects/{id}']?.get;
    const list = document.paths['/v1/projects']?.get;

    expect(get?.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id' }));
    expect(list?.parameters.map((parameter) => parameter.name).sort()).toEqual([
      'cursor',
      'limit',
      'status',
    ]);
  });

  it('documents the export download as a redirect with its Location, and why it refuses', () => {
    const download = document.paths['/v1/jobs/{id}/download']?.get;
    const redirect = download?.responses['302'] as
      | { headers?: Record<string, unknown>; content?: Record<string, unknown> }
      | undefined;

    expect(Object.keys(download?.responses ?? {})).toEqual(
      expect.arrayContaining(['302', '400', '401', '403', '404', '409', '410']),
    );
    expect(Object.keys(redirect?.headers ?? {})).toEqual(['Location']);
    expect(redirect?.content).toHaveProperty('application/json');
    expect(download?.parameters).toContainEqual(
      expect.objectContaining({ in: 'path', name: 'id' }),
    );
  });
});

describe('GET /docs (local gateway)', () => {
  it('serves a browsable API reference over the document', async () => {
    const page = await fetch(`${gateway.baseUrl}/docs`);
    const bundle = await fetch(`${gateway.baseUrl}/docs/swagger-ui-bundle.js`);

    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/v1/openapi.json');
    expect(bundle.status).toBe(200);
  });
});
