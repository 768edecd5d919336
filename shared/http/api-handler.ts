/**
 * The one middy stack every API function uses: Powertools logging, request id, role check,
 * zod validation of body, query and path, and the single mapping of errors to HTTP.
 * A handler only says what it validates and which domain function it calls.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { roleAtLeast } from '#shared/auth/roles.ts';
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { DomainError, ForbiddenError, UnauthorizedError, ValidationError } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { withSourceMappedStack } from '#shared/observability/source-maps.ts';
import type { RequestLogKeys } from '#shared/requests.ts';
import { toErrorResponse } from './error-response.ts';
import {
  type IdempotencyRequest,
  idempotencyKeySchema,
  requestFingerprint,
} from './idempotency-key.ts';
import { lowerCaseHeaders, parseBody, parseParameters } from './request-input.ts';
import type { RouteDefinition } from './route.ts';

export interface ApiResult {
  readonly statusCode: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface ApiRequest<R extends RouteDefinition, B, Q, P> {
  /** The caller's verified tenant, user, role and plan (public routes: undefined). */
  readonly ctx: R extends { auth: 'tenant' } ? TenantContext : undefined;
  readonly body: Parsed<B>;
  readonly query: Parsed<Q>;
  readonly path: Parsed<P>;
  /** Request headers with lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly sourceIp: string;
  /** Present when the route is idempotent and the client sent an Idempotency-Key. */
  readonly idempotency: IdempotencyRequest | undefined;
}

export interface ApiHandlerSpec<R extends RouteDefinition, B, Q, P> {
  readonly body?: B;
  readonly query?: Q;
  readonly path?: P;
  handle(request: ApiRequest<R, B, Q, P>): Promise<ApiResult>;
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

function respond(
  event: APIGatewayProxyEvent,
  statusCode: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...baseHeaders, 'x-request-id': requestIdOf(event), ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** The request's log keys: its id, and the tenant and user when the authorizer vouched for them. */
function requestLogKeys(route: RouteDefinition, event: APIGatewayProxyEvent): RequestLogKeys {
  const ctx = callerOf(route, event);
  const requestId = requestIdOf(event);
  return ctx ? { requestId, tenantId: ctx.tenantId, userId: ctx.userId } : { requestId };
}

/** Maps every error to our JSON error shape; logs 5xx with their cause, 4xx at info level. */
const errorResponses = (
  route: RouteDefinition,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> => ({
  onError: async (request) => {
    const error = request.error;
    const keys = requestLogKeys(route, request.event);
    if (error instanceof DomainError) {
      logger.info('Request refused', { ...keys, code: error.code, reason: error.message });
    } else {
      logger.error('Request failed', {
        ...keys,
        error: error instanceof Error ? withSourceMappedStack(error) : String(error),
      });
    }
    const response = toErrorResponse(error);
    request.response = respond(request.event, response.statusCode, response.body, response.headers);
  },
});

/** The caller the authorizer vouched for; public routes have none. */
function callerOf(route: RouteDefinition, event: APIGatewayProxyEvent): TenantContext | undefined {
  return route.auth === 'public'
    ? undefined
    : tenantContextFromAuthorizer(event.requestContext?.authorizer);
}

function assertAllowed(route: RouteDefinition, ctx: TenantContext | undefined): void {
  if (route.auth === 'public') return;
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

export function apiHandler<
  R extends RouteDefinition,
  B extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
  P extends z.ZodMiniType | undefined = undefined,
>(route: R, spec: ApiHandlerSpec<R, B, Q, P>): ApiLambdaHandler {
  const handle = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const requestId = requestIdOf(event);
    const ctx = callerOf(route, event);
    assertAllowed(route, ctx);

    const headers = lowerCaseHeaders(event.headers);
    const body = parseBody(event, spec.body);
    const request = {
      ctx,
      body,
      query: parseParameters(event.queryStringParameters, spec.query, 'query'),
      path: parseParameters(event.pathParameters, spec.path, 'path'),
      headers,
      requestId,
      sourceIp: event.requestContext?.identity?.sourceIp ?? 'unknown',
      idempotency: idempotencyOf(route, headers, body),
    } as ApiRequest<R, B, Q, P>;
    const result = await spec.handle(request);
    return respond(event, result.statusCode, result.body, result.headers);
  };

  // No early timeout: a timer per request for an answer API Gateway already gives (its DEFAULT_5XX
  // response is our error shape), and a timeout then counts as the function error it is.
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>({
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(logger))
    .use(errorResponses(route))
    .handler(handle);
}

export const ok = (body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode: 200,
  body,
  ...(headers && { headers }),
});

export const created = (body: unknown, headers?: Record<string, string>): ApiResult => ({
  statusCode: 201,
  body,
  ...(headers && { headers }),
});

/**
 * 302 to `location`, with `body` for clients that do not follow redirects. The base headers already
 * forbid caching, so a short-lived target (a pre-signed URL) is never served again from a cache.
 */
export const found = (location: string, body: unknown): ApiResult => ({
  statusCode: 302,
  body,
  headers: { location },
});
