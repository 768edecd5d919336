/** Builds the OpenAPI 3.1 document from the route table: the very zod schemas the handlers validate with. */
import * as z from 'zod/mini';
import { type RouteId, routes } from '#shared/api/routes.ts';
import { writableWhileReadOnly } from '#shared/billing/access.ts';
import type { ErrorCode } from '#shared/errors.ts';
import { statusByCode } from '#shared/http/error-response.ts';
import { maxBodyBytes } from '#shared/http/request-input.ts';
import { isConditionalRead, type RouteDefinition } from '#shared/http/route.ts';
import { errorSchema } from './common-schemas.ts';
import { documentedHeaders, headerRef, requestHeaderParameters } from './headers.ts';

type JsonObject = Record<string, unknown>;

export interface OpenApiDocument extends JsonObject {
  readonly openapi: '3.1.0';
  readonly paths: Record<string, Record<string, JsonObject>>;
  readonly components: {
    schemas: Record<string, JsonObject>;
    headers: Record<string, JsonObject>;
    securitySchemes: JsonObject;
  };
}

/** What each tag of the route table groups; the lint in the tests asks for one per tag. */
const tagDescriptions: Readonly<Record<string, string>> = {
  Operations: 'Liveness and this document',
  Auth: 'Sessions: log in, refresh, log out',
  Tenants: 'Sign-up, the caller, the tenant and its ownership',
  Projects: 'The sample tenant resource: versioned, audited, plan-limited',
  Webhooks: "Where the tenant's events are sent: endpoints and their signing secrets",
  Members: "The tenant's members and their roles",
  Invitations: 'Inviting people by email, and accepting',
  Audit: "The tenant's audit trail",
  Jobs: 'Background jobs: exports and their downloads',
  Usage: "This month's usage against the plan's quota and limits",
  Billing:
    'The plan the tenant pays for: Stripe Checkout, the billing portal, and Stripe’s webhook',
  Platform:
    "The control plane, for the SaaS operator's own team: operator sign-in (their own user pool, TOTP required) and what operators do to tenants. Tenant tokens are refused here, and operator tokens on every other route.",
};

/** Every code but the outage one, which every route documents on its own (a 503 with Retry-After). */
type DocumentedErrorCode = Exclude<ErrorCode, 'service_unavailable'>;

const errorDescriptions: Record<DocumentedErrorCode, string> = {
  validation_failed: 'Invalid input; `details` lists each problem',
  invalid_code:
    'The one-time code is wrong, expired, used, void after 5 wrong tries or not yours (one answer for all)',
  unauthorized: 'Missing, invalid or expired token',
  plan_limit_reached: "Over the plan's limit; `details` names it",
  subscription_inactive:
    'The subscription is unpaid past its grace period: the tenant is read-only until it pays; `details.reason` says why',
  forbidden: 'Role too low for this action',
  not_found: 'No such item in your tenant',
  conflict: 'Conflicts with the current state',
  gone: 'No longer available',
  precondition_failed: 'The entity tag in If-Match matches no current version',
  idempotency_mismatch: 'Idempotency-Key reused with another body',
  precondition_required: 'If-Match header missing',
  rate_limited: 'Too many requests; see Retry-After and the RateLimit header',
  quota_exceeded: "The tenant's monthly request quota is used up; see Retry-After",
  feature_disabled: "The tenant's plan or settings do not include this feature",
  tenant_suspended:
    'An operator suspended the tenant: every request is refused until it is reactivated',
  internal: 'Unexpected error (no details)',
};

function isDocumented(code: ErrorCode): code is DocumentedErrorCode {
  return code in errorDescriptions;
}

const errorContent = {
  'application/json': { schema: { $ref: '#/components/schemas/Error' } },
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

/**
 * Headers on every answer of the route: the request id, and the rate limit's on tenant routes (but
 * on a 401, which the authorizer answers before any limit is counted).
 */
function commonHeaders(route: RouteDefinition, status?: number): JsonObject {
  const limited = route.auth === 'tenant' && status !== 401;
  return Object.fromEntries([
    ['x-request-id', headerRef('x-request-id')],
    ...(limited
      ? (['RateLimit', 'RateLimit-Policy'] as const).map((name) => [name, headerRef(name)])
      : []),
  ]);
}

function successResponse(
  route: RouteDefinition,
  components: Record<string, JsonObject>,
): JsonObject {
  const { response } = route;
  return {
    description: response.description,
    headers: {
      ...commonHeaders(route),
      ...Object.fromEntries((response.headers ?? []).map((name) => [name, headerRef(name)])),
      ...(route.idempotent && { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') }),
    },
    ...(response.body && {
      content: { 'application/json': { schema: jsonSchema(response.body, 'output', components) } },
    }),
  };
}

/** Writes a read-only tenant is refused (shared/billing/access.ts). */
function refusedWhileReadOnly(route: RouteDefinition): boolean {
  return route.auth === 'tenant' && route.method !== 'GET' && !writableWhileReadOnly(route);
}

function errorResponses(route: RouteDefinition): Record<string, JsonObject> {
  const codes = new Set<DocumentedErrorCode>(['validation_failed']);
  for (const code of route.errors ?? []) if (isDocumented(code)) codes.add(code);
  if (route.auth === 'tenant') {
    for (const code of ['unauthorized', 'forbidden', 'rate_limited'] as const) codes.add(code);
    if (refusedWhileReadOnly(route)) codes.add('subscription_inactive');
  }
  if (route.auth === 'operator') codes.add('unauthorized');
  codes.add('internal');
  const responses: Record<string, JsonObject> = {};
  for (const code of codes) {
    const retry = code === 'rate_limited' && { 'Retry-After': headerRef('Retry-After') };
    const status = statusByCode[code];
    // Two codes of one status (402: plan limit, unpaid subscription) share the response.
    const earlier = responses[status]?.description;
    responses[status] = {
      description: earlier ? `${earlier}; or ${errorDescriptions[code]}` : errorDescriptions[code],
      headers: { ...commonHeaders(route, statusByCode[code]), ...retry },
      content: errorContent,
    };
  }
  responses['503'] = {
    description: 'A dependency is down (`service_unavailable`); retry after `Retry-After` seconds',
    headers: { ...commonHeaders(route), 'Retry-After': headerRef('Retry-After') },
    content: errorContent,
  };
  return responses;
}

/** Tenant routes take a tenant's ID token, operator routes an operator's: two schemes, never both. */
function securityOf(route: RouteDefinition): JsonObject[] {
  if (route.auth === 'tenant') return [{ bearerAuth: [] }];
  if (route.auth === 'operator') return [{ operatorAuth: [] }];
  return [];
}

function operation(id: RouteId, components: Record<string, JsonObject>): JsonObject {
  const route: RouteDefinition = routes[id];
  const isTenantRoute = route.auth === 'tenant';
  const request = route.request ?? {};
  const headers = [
    ...(request.headers ?? []),
    ...(route.idempotent ? (['Idempotency-Key'] as const) : []),
    ...(isConditionalRead(route) ? (['If-None-Match'] as const) : []),
  ];
  return {
    operationId: id,
    summary: route.docs.summary,
    ...(route.docs.description && { description: route.docs.description }),
    tags: [route.docs.tag],
    security: securityOf(route),
    ...(isTenantRoute && { 'x-required-role': route.minRole }),
    parameters: [
      ...parameters(request.path, 'path', components),
      ...parameters(request.query, 'query', components),
      ...headers.map((header) => requestHeaderParameters[header]),
    ],
    ...(request.body && {
      requestBody: {
        required: true,
        description: `JSON, at most ${maxBodyBytes} bytes; unknown fields are refused`,
        content: { 'application/json': { schema: jsonSchema(request.body, 'input', components) } },
      },
    }),
    ...(request.rawBody && {
      requestBody: {
        required: true,
        description: `At most ${maxBodyBytes} bytes, taken exactly as sent`,
        content: { 'application/json': { schema: {} } },
      },
    }),
    responses: {
      [route.response.status]: successResponse(route, components),
      ...(isConditionalRead(route) && {
        304: {
          description: 'Not modified: `If-None-Match` names the current entity tag',
          headers: { ...commonHeaders(route), ETag: headerRef('ETag') },
        },
      }),
      ...errorResponses(route),
    },
  };
}

/** The document, with `serverUrl` (where the API was reached: scheme, host, stage) as its server. */
export function buildOpenApiDocument(serverUrl: string): OpenApiDocument {
  const components: Record<string, JsonObject> = {};
  // Registers `Error` (the schema carries its id) among the components.
  jsonSchema(errorSchema, 'output', components);
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const id of Object.keys(routes) as RouteId[]) {
    const route = routes[id];
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, JsonObject>)[route.method.toLowerCase()] = operation(
      id,
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
    servers: [{ url: serverUrl, description: 'This API, as this document was requested from' }],
    tags: [...new Set(Object.values(routes).map((route) => route.docs.tag))].map((name) => ({
      name,
      ...(name in tagDescriptions && { description: tagDescriptions[name] }),
    })),
    paths,
    components: {
      schemas: components,
      headers: documentedHeaders,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        operatorAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An ID token of the operator pool (POST /v1/platform/auth/login, then MFA)',
        },
      },
    },
  };
}
