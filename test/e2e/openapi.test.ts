/** The OpenAPI document is generated from the route table and the handlers' own schemas, and is valid. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '#shared/api/routes.ts';
import { buildOpenApiDocument } from '#shared/api-docs/openapi.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: readonly {
    readonly ruleId: string;
    readonly severity: string;
    readonly message: string;
    readonly location: readonly { readonly pointer: string }[];
  }[];
}

/** Runs `redocly lint` (with the repository's redocly.yaml) on `document`. */
async function lint(document: unknown): Promise<LintReport> {
  const dir = mkdtempSync(join(tmpdir(), 'tenantkit-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const cli = join(repoRoot, 'node_modules/.bin/redocly');
    const run = await promisify(execFile)(cli, ['lint', file, '--format=json'], {
      cwd: repoRoot,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    return JSON.parse(run.stdout) as LintReport;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

  it('passes redocly lint with no errors; its one warning is the download answering a redirect', async () => {
    // Act
    const report = await lint(document);

    // Assess: the download's success is its 302 (as GitHub's artifact downloads), by design.
    expect(report.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(
      report.problems.map((problem) => `${problem.ruleId} ${problem.location[0]?.pointer}`),
    ).toEqual(['operation-2xx-response #/paths/~1v1~1jobs~1{id}~1download/get/responses']);
  }, 60_000);

  it('names the URL it was served from as its server', () => {
    expect((document as unknown as { servers: { url: string }[] }).servers).toEqual([
      expect.objectContaining({ url: gateway.baseUrl }),
    ]);
  });

  it('is the document the contract checks of the e2e suites use', () => {
    expect(document).toEqual(buildOpenApiDocument(gateway.baseUrl));
  });

  it('defines the error shape once, as an object schema with code, message and details', () => {
    const error = document.components.schemas.Error as Record<string, unknown>;

    expect(error).not.toHaveProperty('$ref');
    expect(error).toMatchObject({ type: 'object', required: ['error'] });
  });

  it('declares x-request-id on every answer, and 500 and 503 (with Retry-After) on every route', () => {
    for (const route of Object.values(routes)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const responses = (operation?.responses ?? {}) as Record<
        string,
        { headers?: Record<string, unknown> }
      >;
      for (const [status, response] of Object.entries(responses)) {
        expect(Object.keys(response.headers ?? {}), `${route.path} ${status}`).toContain(
          'x-request-id',
        );
      }
      expect(Object.keys(responses['503']?.headers ?? {})).toContain('Retry-After');
      expect(responses).toHaveProperty('500');
    }
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
      } else if (route.auth === 'operator') {
        expect(operation?.security, route.path).toEqual([{ operatorAuth: [] }]);
        expect(Object.keys(operation?.responses ?? {})).toContain('401');
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
    expect(Object.keys(redirect?.headers ?? {})).toContain('Location');
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
