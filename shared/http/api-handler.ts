/**
 * The one middy stack every API function uses: Powertools logging, request id, role check,
 * validation of body, query and path with the route's own schemas, and the single mapping of errors
 * to HTTP. A handler only says which domain function it calls and how its result maps to HTTP.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { roleAtLeast } from '#shared/auth/roles.ts';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { corsConfig } from '#shared/config/runtime-config.ts';
import { metered } from '#shared/costs/meter.ts';
import { DomainError, ForbiddenError, UnauthorizedError, ValidationError } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { requestObservability } from '#shared/observability/request-observability.ts';
import { withSourceMappedStack } from '#shared/observability/source-maps.ts';
import {
  type OperatorContext,
  operatorContextFromAuthorizer,
} from '#shared/platform/operator-context.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import { subscriptionAccess } from './billing-middleware.ts';
import { corsHeaders } from './cors.ts';
import { toErrorResponse } from './error-response.ts';
import { requiredFeature } from './feature-middleware.ts';
import {
  type IdempotencyRequest,
  idempotencyKeySchema,
  requestFingerprint,
} from './idempotency-key.ts';
import { rateLimits } from './rate-limit-middleware.ts';
import { lowerCaseHeaders, parseBody, parseParameters, readRawBody } from './request-input.ts';
import { checkResponse, responseChecksEnabled } from './response-check.ts';
import type { RouteDefinition } from './route.ts';
import { refuseSuspended } from './suspension-middleware.ts';

export interface ApiResult<B = unknown> {
  readonly statusCode: number;
  readonly body?: B;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What the route's request schema `K` yields once parsed; undefined when the route has none. */
type RequestPart<R, K extends 'body' | 'query' | 'path'> = R extends {
  readonly request: { readonly [P in K]: infer S };
}
  ? S extends z.ZodMiniType
    ? z.output<S>
    : undefined
  : undefined;

/** `T` with every array and object read-only, so read-only domain values fit a schema's type. */
type Immutable<T> = T extends readonly (infer U)[]
  ? readonly Immutable<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Immutable<T[K]> }
    : T;

/** The body type the route's response schema accepts; undefined when it answers no body. */
export type ResponseBody<R> = R extends { readonly response: { readonly body: infer S } }
  ? S extends z.ZodMiniType
    ? Immutable<z.input<S>>
    : undefined
  : undefined;

type IsTenantRoute<R> = R extends { auth: 'tenant' } ? true : false;
type IsOperatorRoute<R> = R extends { auth: 'operator' } ? true : false;

export interface ApiRequest<R extends RouteDefinition> {
  /** The caller's verified tenant, user, role and plan (public routes: undefined). */
  readonly ctx: IsTenantRoute<R> extends true ? TenantContext : undefined;
  /** The verified caller with the request's metadata, as domain writes take it (public: undefined). */
  readonly caller: IsTenantRoute<R> extends true ? Caller : undefined;
  /** The verified operator of a control-plane route (every other route: undefined). */
  readonly operator: IsOperatorRoute<R> extends true ? OperatorContext : undefined;
  /** Request id and source IP, for the audit trail of public routes too. */
  readonly meta: RequestMeta;
  /** Where the client reached the API: scheme, host and stage prefix (no trailing slash). */
  readonly baseUrl: string;
  readonly body: RequestPart<R, 'body'>;
  readonly query: RequestPart<R, 'query'>;
  readonly path: RequestPart<R, 'path'>;
  /** The body exactly as sent (base64 bodies decoded), for signatures over the raw bytes. */
  readonly rawBody: string | undefined;
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Present when the route is idempotent and the client sent an Idempotency-Key. */
  readonly idempotency: IdempotencyRequest | undefined;
}

export interface ApiHandlerSpec<R extends RouteDefinition> {
  handle(request: ApiRequest<R>): Promise<ApiResult<ResponseBody<R>>>;
}

export type ApiLambdaHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

const baseHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
} as const;

function requestIdOf(event: APIGatewayProxyEvent): string {
  return event.requestContext?.requestId ?? 'unknown';
}

/**
 * The API's URL as the client sees it. The stage (or a custom domain's base path) is what the full
 * request path has before the route's path; API Gateway sets the scheme in X-Forwarded-Proto.
 */
function baseUrlOf(event: APIGatewayProxyEvent, headers: Readonly<Record<string, string>>): string {
  const fullPath = event.requestContext?.path ?? event.path;
  const prefix = fullPath.endsWith(event.path) ? fullPath.slice(0, -event.path.length) : '';
  return `${headers['x-forwarded-proto'] ?? 'https'}://${headers.host ?? 'localhost'}${prefix}`;
}

function respond(
  event: APIGatewayProxyEvent,
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  const origin = lowerCaseHeaders(event.headers).origin;
  return {
    statusCode,
    headers: {
      ...baseHeaders,
      ...corsHeaders(corsConfig().allowedOrigins, origin),
      'x-request-id': requestIdOf(event),
      ...headers,
    },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/**
 * Maps every error to our JSON error shape; logs 5xx with their cause, 4xx at info level. The
 * lines carry the request's keys, which requestObservability appended before any hook could throw.
 */
const errorResponses: MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> = {
  onError: async (request) => {
    const error = request.error;
    if (error instanceof DomainError) {
      logger.info('Request refused', { code: error.code, reason: error.message });
    } else {
      logger.error('Request failed', {
        error: error instanceof Error ? withSourceMappedStack(error) : String(error),
      });
    }
    const response = toErrorResponse(error);
    request.response = respond(request.event, response.statusCode, response.body, response.headers);
  },
};

/** The tenant context the authorizer vouched for; only tenant routes have one. */
function tenantContextOf(
  route: RouteDefinition,
  event: APIGatewayProxyEvent,
): TenantContext | undefined {
  return route.auth === 'tenant'
    ? tenantContextFromAuthorizer(event.requestContext?.authorizer)
    : undefined;
}

/** The operator the operator authorizer vouched for; only operator routes have one. */
function operatorOf(
  route: RouteDefinition,
  event: APIGatewayProxyEvent,
): OperatorContext | undefined {
  if (route.auth !== 'operator') return undefined;
  const operator = operatorContextFromAuthorizer(event.requestContext?.authorizer);
  // A second line behind the authorizers: a tenant's context never passes as an operator's.
  if (operator === undefined)
    throw new UnauthorizedError('Missing or invalid operator credentials');
  return operator;
}

function assertAllowed(route: RouteDefinition, ctx: TenantContext | undefined): void {
  if (route.auth !== 'tenant') return;
  if (ctx === undefined) throw new UnauthorizedError('Missing or invalid credentials');
  if (ctx.mfaSetupRequired && route.duringMfaSetup !== true) {
    throw new ForbiddenError('This tenant requires MFA: enrol an authenticator app first', {
      reason: 'mfa_setup_required',
      enrol: 'POST /v1/auth/mfa/totp',
    });
  }
  if (!roleAtLeast(ctx.role, route.minRole)) {
    throw new ForbiddenError(`This action needs the ${route.minRole} role or higher`, {
      requiredRole: route.minRole,
      role: ctx.role,
    });
  }
}

function idempotencyOf(
  route: RouteDefinition,
  headers: Readonly<Record<string, string>>,
  body: unknown,
): IdempotencyRequest | undefined {
  const key = headers['idempotency-key'];
  // Clients often send the header on every request; routes that are not creates simply ignore it.
  if (key === undefined || !route.idempotent) return undefined;
  if (!idempotencyKeySchema.safeParse(key).success) {
    throw new ValidationError('Invalid Idempotency-Key', [
      {
        location: 'header',
        path: 'idempotency-key',
        code: 'invalid_format',
        message: 'must be 1 to 128 printable ASCII characters',
      },
    ]);
  }
  return {
    key,
    operation: `${route.method} ${route.path}`,
    fingerprint: requestFingerprint(body),
  };
}

/** Parses and checks the request against `route`, into what its handler receives. */
function apiRequestOf<R extends RouteDefinition>(
  route: R,
  event: APIGatewayProxyEvent,
): ApiRequest<R> {
  const ctx = tenantContextOf(route, event);
  assertAllowed(route, ctx);
  const operator = operatorOf(route, event);
  const meta: RequestMeta = {
    requestId: requestIdOf(event),
    sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
  };
  const headers = lowerCaseHeaders(event.headers);
  const rawBody = readRawBody(event);
  const body = parseBody(rawBody, route.request?.body, route.request?.rawBody === true);
  return {
    ctx,
    caller: ctx && { ctx, meta },
    operator,
    meta,
    baseUrl: baseUrlOf(event, headers),
    body,
    query: parseParameters(event.queryStringParameters, route.request?.query, 'query'),
    path: parseParameters(event.pathParameters, route.request?.path, 'path'),
    rawBody,
    headers,
    idempotency: idempotencyOf(route, headers, route.request?.rawBody ? rawBody : body),
  } as ApiRequest<R>;
}

/** The Lambda handler of `route`: its request validated with the route's schemas, then `spec.handle`. */
export function apiHandler<R extends RouteDefinition>(
  route: R,
  spec: ApiHandlerSpec<R>,
): ApiLambdaHandler {
  const checkResponses = responseChecksEnabled();
  const handle = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const result = await spec.handle(apiRequestOf(route, event));
    if (checkResponses) checkResponse(route, result.statusCode, result.body);
    return respond(event, result.statusCode, result.body, result.headers);
  };

  // No early timeout: a timer per request for an answer API Gateway already gives (its DEFAULT_5XX
  // response is our error shape), and a timeout then counts as the function error it is.
  // Each cross-cutting concern (tracing, metrics, rate limits) is one more `.use(...)` here.
  const chain: ApiLambdaHandler = middy<
    APIGatewayProxyEvent,
    APIGatewayProxyResult,
    Error,
    Context
  >({
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(logger))
    .use(requestObservability(route))
    .use(errorResponses)
    .use(refuseSuspended(route))
    .use(rateLimits(route))
    .use(requiredFeature(route))
    .use(subscriptionAccess(route))
    .handler(handle);
  // Each request in its own meter: the capacity its DynamoDB calls consume is its tenant's.
  return (event, context) => metered(() => chain(event, context));
}

export const ok = <B>(body: B, headers?: Record<string, string>): ApiResult<B> => ({
  statusCode: 200,
  body,
  ...(headers && { headers }),
});

export const created = <B>(body: B, headers?: Record<string, string>): ApiResult<B> => ({
  statusCode: 201,
  body,
  ...(headers && { headers }),
});

export const accepted = <B>(body: B, headers?: Record<string, string>): ApiResult<B> => ({
  statusCode: 202,
  body,
  ...(headers && { headers }),
});

export const noContent = (): ApiResult<undefined> => ({ statusCode: 204 });

/**
 * 302 to `location`, with `body` for clients that do not follow redirects. The base headers already
 * forbid caching, so a short-lived target (a pre-signed URL) is never served again from a cache.
 */
export const found = <B>(location: string, body: B): ApiResult<B> => ({
  statusCode: 302,
  body,
  headers: { location },
});
