/**
 * The API middleware's observability: an X-Ray segment per request, the request's log keys
 * (requestId, tenantId, userId) appended to every line written while serving it, and one EMF line
 * per request with its count, latency and outcome, `plan` as the only dimension (a few tiers) and
 * the tenant as metadata (never a dimension: one metric series per tenant would cost per tenant).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { logger } from './logger.ts';
import { metrics } from './metrics.ts';
import { tracer } from './tracer.ts';

type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;
type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** When each in-flight request started (one per container at a time, but keyed to be exact). */
const started = new WeakMap<ApiRequest, number>();

/** `plan` of the caller the authorizer vouched for; public routes and refused calls have none. */
function planOf(route: RouteDefinition, event: APIGatewayProxyEvent): string {
  if (route.auth === 'public') return 'public';
  return tenantContextFromAuthorizer(event.requestContext?.authorizer)?.plan ?? 'unknown';
}

function requestKeys(route: RouteDefinition, request: ApiRequest): Record<string, string> {
  const requestId = request.event.requestContext?.requestId ?? 'unknown';
  const ctx =
    route.auth === 'public'
      ? undefined
      : tenantContextFromAuthorizer(request.event.requestContext?.authorizer);
  return ctx ? { requestId, tenantId: ctx.tenantId, userId: ctx.userId } : { requestId };
}

/** Publishes the request's metrics and clears its log keys, whatever the outcome. */
function finish(route: RouteDefinition, request: ApiRequest): void {
  const status = request.response?.statusCode ?? 500;
  const keys = requestKeys(route, request);
  metrics.addDimension('plan', planOf(route, request.event));
  metrics.addMetadata('route', `${route.method} ${route.path}`);
  metrics.addMetadata('requestId', keys.requestId ?? 'unknown');
  if (keys.tenantId !== undefined) metrics.addMetadata('tenantId', keys.tenantId);
  metrics.addMetric('ApiRequest', MetricUnit.Count, 1);
  metrics.addMetric('ApiClientError', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
  metrics.addMetric('ApiServerError', MetricUnit.Count, status >= 500 ? 1 : 0);
  const start = started.get(request);
  if (start !== undefined) {
    metrics.addMetric('ApiLatency', MetricUnit.Milliseconds, performance.now() - start);
  }
  metrics.publishStoredMetrics();
  logger.resetKeys();
}

function requestContext(route: RouteDefinition): ApiMiddleware {
  return {
    before: (request) => {
      started.set(request, performance.now());
      logger.appendKeys(requestKeys(route, request));
    },
    after: (request) => finish(route, request),
    // Runs after the error middleware has turned the error into a response (middy runs onError
    // in reverse order of use), so its lines still carry the keys and the status is the real one.
    onError: (request) => finish(route, request),
  };
}

/** Everything a request of `route` reports: trace, log keys, metrics. One `.use()` in apiHandler. */
export function requestObservability(route: RouteDefinition): ApiMiddleware[] {
  return [captureLambdaHandler(tracer, { captureResponse: false }), requestContext(route)];
}
