/**
 * Fuzzes every operation of the OpenAPI document, as every role, with hostile paths, queries,
 * bodies and headers (test/support/fuzz-inputs.ts). Every answer must be below 500, in the error
 * shape when it is an error, free of internals, and (through the test client) match the document.
 * A fixed seed and a few runs here; `npm run fuzz` runs longer (FUZZ_SEED, FUZZ_RUNS).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '#shared/api-docs/openapi.ts';
import {
  hostileBody,
  hostileHeaders,
  hostileQuery,
  hostileUrlText,
} from '../support/fuzz-inputs.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { addMember, setPlan } from '../support/members.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

const seed = Number(process.env.FUZZ_SEED ?? 20_261_204);
const numRuns = Number(process.env.FUZZ_RUNS ?? 2);

interface Parameter {
  readonly in: string;
  readonly name: string;
}
interface Operation {
  readonly operationId: string;
  readonly parameters: readonly Parameter[];
  readonly requestBody?: { content: Record<string, { schema: unknown }> };
}

const document = buildOpenApiDocument('http://fuzz');
const operations = Object.entries(document.paths).flatMap(([path, byMethod]) =>
  Object.entries(byMethod).map(([method, operation]) => ({
    path,
    method: method.toUpperCase(),
    operation: operation as unknown as Operation,
  })),
);

/** Property names of a request body schema, following one `$ref` into the components. */
function bodyProperties(operation: Operation): string[] {
  const schema = operation.requestBody?.content['application/json']?.schema as
    | { $ref?: string; properties?: Record<string, unknown> }
    | undefined;
  const resolved = schema?.$ref
    ? (document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] as {
        properties?: Record<string, unknown>;
      })
    : schema;
  return Object.keys(resolved?.properties ?? {});
}

/** What an answer must never carry: stack frames, source paths, AWS error names, table names. */
function internalsIn(text: string): string[] {
  const patterns = [
    /\bat [\w.<>]+ \(/,
    /\.(ts|js|mjs):\d+/,
    /node_modules/,
    /ConditionalCheckFailed|TransactionCanceled|ProvisionedThroughput|ResourceNotFound|ThrottlingException|ValidationException|UnrecognizedClient|ECONNREFUSED/,
    /DynamoDB|CognitoIdentityProvider|arn:aws:/,
    /"(PK|SK|GSI1PK|GSI2PK)"\s*:/,
  ];
  const table = process.env.TABLE_NAME;
  return [
    ...patterns.filter((pattern) => pattern.test(text)).map(String),
    ...(table && text.includes(table) ? ['the table name'] : []),
  ];
}

let gateway: TestGateway;
let callers: Record<string, string | undefined>;
let ids: string[];

beforeAll(async () => {
  gateway = await startTestGateway();
  const owner = await signUpAndLogin(gateway.baseUrl, 'Fuzz Co');
  const stranger = await signUpAndLogin(gateway.baseUrl, 'Other Co');
  await setPlan(owner.tenantId, 'pro');
  const [admin, member, viewer] = await Promise.all(
    (['admin', 'member', 'viewer'] as const).map((role) => addMember(gateway.baseUrl, owner, role)),
  );
  const projectOf = async (tenant: SignedUpTenant): Promise<string> =>
    (
      await request<{ id: string }>(gateway.baseUrl, 'POST', '/v1/projects', {
        token: tenant.idToken,
        body: { name: 'Fuzz target' },
      })
    ).body.id;
  callers = {
    owner: owner.idToken,
    admin: admin?.idToken,
    member: member?.idToken,
    viewer: viewer?.idToken,
    anonymous: undefined,
    // A token of another tenant, and one that only looks like a JWT.
    stranger: stranger.idToken,
    forged: `${owner.idToken.split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`,
  };
  // Ids that exist (in this tenant and another), and the other tenant's owner: never own members,
  // so the fuzz cannot remove the callers it runs as.
  ids = [await projectOf(owner), await projectOf(stranger), stranger.userId];
}, 120_000);
afterAll(() => gateway.close());

describe.each(operations)('$method $path', ({ path, method, operation }) => {
  const pathNames = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
  const queryNames = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);

  it(
    'answers hostile requests from every caller below 500, in the error shape, without internals',
    async () => {
      const pathValue = fc.oneof(
        hostileUrlText,
        fc.constantFrom(0, 1, 2).map((index) => ids[index] ?? ''),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathValue, { minLength: pathNames.length, maxLength: pathNames.length }),
          hostileQuery(queryNames),
          hostileBody(bodyProperties(operation)),
          hostileHeaders,
          async (pathValues, query, body, headers) => {
            const url =
              pathNames.reduce(
                (built, name, index) =>
                  built.replace(`{${name}}`, encodeURIComponent(pathValues[index] ?? '')),
                path,
              ) + query;
            for (const [caller, token] of Object.entries(callers)) {
              // The test client checks each answer against the document, too.
              const response = await request<unknown>(gateway.baseUrl, method, url, {
                ...(token !== undefined && { token }),
                // fetch sends no body with a GET.
                ...(body !== undefined && method !== 'GET' && { rawBody: body }),
                headers,
              });
              const text = JSON.stringify(response.body ?? null);
              const context = `${caller}: ${method} ${url} → ${response.status} ${text.slice(0, 300)}`;
              expect(response.status, context).toBeLessThan(500);
              if (response.status >= 400) {
                const { error } = response.body as { error?: Record<string, unknown> };
                expect(Object.keys(error ?? {}).sort(), context).toEqual([
                  'code',
                  'details',
                  'message',
                ]);
                expect(typeof error?.code === 'string' && typeof error.message === 'string').toBe(
                  true,
                );
              }
              expect(internalsIn(text), context).toEqual([]);
            }
          },
        ),
        { seed, numRuns, endOnFailure: true },
      );
    },
    Math.max(30_000, numRuns * 15_000),
  );
});
