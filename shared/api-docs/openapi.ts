/** Builds the OpenAPI 3.1 document from the route table and the very zod schemas the handlers validate with. */
import * as z from 'zod/mini';
import { type RouteId, routes } from '#shared/api/routes.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { statusByCode } from '#shared/http/error-response.ts';
import { maxBodyBytes } from '#shared/http/request-input.ts';
import { errorSchema } from './common-schemas.ts';
import type { RouteDoc } from './route-docs.ts';
import { routeDocs } from './route-docs.ts';

type JsonObject = Record<string, unknown>;

export interface OpenApiDocument extends JsonObject {
  readonly openapi: '3.1.0';
  readonly paths: Record<string, Record<string, JsonObject>>;
  readonly components: { schemas: Record<string, JsonObject>; securitySchemes: JsonObject };
}

const errorDescriptions: Record<ErrorCode, string> = {
  validation_failed: 'Invalid input; `details` lists each problem',
  invalid_code:
    'The one-time code is wrong, expired, used, void after 5 wrong tries or not yours (one answer for all)',
  unauthorized: 'Missing, invalid or expired token',
  plan_limit_reached: "Over the plan's limit; `details` names it",
  forbidden: 'Role too low for this action',
  not_found: 'No such item in your tenant',
  conflict: 'Conflicts with the current state',
  gone: 'No longer available',
  precondition_failed: 'The ETag in If-Match is stale',
  idempotency_mismatch: 'Idempotency-Key reused with another body',
  precondition_required: 'If-Match header missing',
  rate_limited: 'Too many requests; see Retry-After',
  internal: 'Unexpected error',
};

const headerParameters = {
  'If-Match': {
    in: 'header',
    name: 'If-Match',
    required: true,
    schema: { type: 'string' },
    example: '"1"',
  },
  'Idempotency-Key': {
    in: 'header',
    name: 'Idempotency-Key',
    required: false,
    schema: { type: 'string', maxLength: 128 },
  },
} as const;

/** Converts one schema, moving named sub-schemas into `components.schemas`. */
function jsonSchema(
  schema: z.ZodMiniType,
  io: 'input' | 'output',
  components: Record<string, JsonObject>,
): JsonObject {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonObject & {
    $defs?: Record<string, JsonObject>;
  };
  const { $schema: _dialect, $defs, ...rest } = generated;
  const retarget = (value: JsonObject): JsonObject =>
    JSON.parse(
      JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/'),
    ) as JsonObject;
  for (const [name, definition] of Object.entries($defs ?? {}))
    components[name] = retarget(definition);
  return retarget(rest);
}

function parameters(
  schema: z.ZodMiniType | undefined,
  location: 'query' | 'path',
  components: Record<string, JsonObject>,
): JsonObject[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input', components) as {
    properties?: Record<string, JsonObject>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    in: location,
    name,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

function operation(id: RouteId, doc: RouteDoc, components: Record<string, JsonObject>): JsonObject {
  const route = routes[id];
  const isTenantRoute = route.auth === 'tenant';
  const errorCodes = new Set<ErrorCode>(['validation_failed', ...(doc.errors ?? [])]);
  if (isTenantRoute) {
    errorCodes.add('unauthorized');
    errorCodes.add('forbidden');
    errorCodes.add('rate_limited');
  }
  errorCodes.add('internal');
  const responses: Record<string, JsonObject> = {
    [doc.success.status]: {
      description: doc.success.description,
      ...(doc.success.headers && {
        headers: Object.fromEntries(
          Object.entries(doc.success.headers).map(([name, description]) => [
            name,
            { description, schema: { type: 'string' } },
          ]),
        ),
      }),
      ...(doc.success.schema && {
        content: {
          'application/json': { schema: jsonSchema(doc.success.schema, 'output', components) },
        },
      }),
    },
  };
  for (const code of errorCodes) {
    responses[statusByCode[code]] = {
      description: errorDescriptions[code],
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
    };
  }
  return {
    operationId: id,
    summary: doc.summary,
    ...(doc.description && { description: doc.description }),
    tags: [doc.tag],
    security: isTenantRoute ? [{ bearerAuth: [] }] : [],
    ...(isTenantRoute && { 'x-required-role': route.minRole }),
    parameters: [
      ...parameters(doc.path, 'path', components),
      ...parameters(doc.query, 'query', components),
      ...(doc.headers ?? []).map((header) => headerParameters[header]),
    ],
    ...(doc.body && {
      requestBody: {
        required: true,
        description: `JSON, at most ${maxBodyBytes} bytes; unknown fields are refused`,
        content: { 'application/json': { schema: jsonSchema(doc.body, 'input', components) } },
      },
    }),
    responses,
  };
}

/** `../` resolves against the document's own URL (`<stage>/v1/openapi.json`) to the stage root. */
export function buildOpenApiDocument(serverUrl = '../'): OpenApiDocument {
  const components: Record<string, JsonObject> = {};
  components.Error = jsonSchema(errorSchema, 'output', components);
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const id of Object.keys(routes) as RouteId[]) {
    const route = routes[id];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonObject>)[route.method.toLowerCase()] = operation(
      id,
      routeDocs[id],
      components,
    );
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'TenantKit API',
      version: '1',
      description:
        'Multi-tenant SaaS API. Tenant and role come only from the bearer token (a Cognito ID token). Errors are `{"error": {"code", "message", "details"}}`.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
