/**
 * The API middleware's observability: an X-Ray segment per request, the request's log keys
 * (requestId, tenantId, userId) appended to every line written while serving it, and one EMF line
 * per request with its count, latency and outcome, `plan` as the only dimension (a few tiers) and
 * the tenant as metadata (never a dimension: one metric series per tenant would cost per tenant).
 * A tenant's request also records its consumption (capacity units, duration, memory) on that line,
 * for the daily cost per tenant (shared/costs).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { currentMeter } from '#shared/costs/meter.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import type { RequestLogKeys } from '#shared/requests.ts';
import { consumptionRecord, memoryOf, recordConsumption } from './consumption-metrics.ts';
import { logger } from './logger.ts';
import { metrics } from './metrics.ts';
import { tracer } from './tracer.ts';

type ApiRequest = Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;
type ApiMiddleware = MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** What the middleware knows of a request from its start: read once, used by every later hook. */
interface RequestRecord {
  readonly startedAt: number;
  readonly keys: RequestLogKeys;
  /** The caller's plan: the metrics' one dimension; `public` and `unknown` for no caller. */
  readonly plan: string;
}

/** The request in flight (one per container at a time, but keyed to be exact). */
const inFlight = new WeakMap<ApiRequest, RequestRecord>();

/** The request's id, and the tenant, user and plan when the authorizer vouched for them. */
function describe(route: RouteDefinition, request: ApiRequest): Omit<RequestRecord, 'startedAt'> {
  const requestId = request.event.requestContext?.requestId ?? 'unknown';
  if (route.auth === 'public') return { keys: { requestId }, plan: 'public' };
  // The control plane: no tenant to attribute the request to.
  if (route.auth === 'operator') return { keys: { requestId }, plan: 'platform' };
  const ctx = tenantContextFromAuthorizer(request.event.requestContext?.authorizer);
  return ctx
    ? { keys: { requestId, tenantId: ctx.tenantId, userId: ctx.userId }, plan: ctx.plan }
    : { keys: { requestId }, plan: 'unknown' };
}

/** Publishes the request's metrics and clears its log keys, whatever the outcome. */
function finish(route: RouteDefinition, request: ApiRequest): void {
  const status = request.response?.statusCode ?? 500;
  const record = inFlight.get(request);
  const { keys, plan } = record ?? describe(route, request);
  metrics.addDimension('plan', plan);
  metrics.addMetadata('route', `${route.method} ${route.path}`);
  metrics.addMetadata('requestId', keys.requestId);
  if (keys.tenantId !== undefined) metrics.addMetadata('tenantId', keys.tenantId);
  metrics.addMetric('ApiRequest', MetricUnit.Count, 1);
  metrics.addMetric('ApiClientError', MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
  metrics.addMetric('ApiServerError', MetricUnit.Count, status >= 500 ? 1 : 0);
  const meter = currentMeter();
  if (record !== undefined) {
    const durationMs = performance.now() - record.startedAt;
    metrics.addMetric('ApiLatency', MetricUnit.Milliseconds, durationMs);
    if (keys.tenantId !== undefined && meter !== undefined) {
      recordConsumption(
        metrics,
        consumptionRecord(meter, keys.tenantId, 'request', durationMs, memoryOf(request.context)),
      );
    }
  }
  metrics.publishStoredMetrics();
  logger.resetKeys();
}

function requestContext(route: RouteDefinition): ApiMiddleware {
  return {
    before: (request) => {
      const record = { startedAt: performance.now(), ...describe(route, request) };
      inFlight.set(request, record);
      logger.appendKeys({ ...record.keys });
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
