/**
 * API Gateway events as the REST API sends them to a route's function and to the authorizer, built
 * from the route table: the shapes dev/gateway.ts produces for `npm start`.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { requestIdentity } from '#dev/lambda-context.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

type Route = Pick<RouteDefinition, 'method' | 'path'>;

/** What a request sets; everything else is filled in as API Gateway does. */
export interface RequestSpec {
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** Who sends a request: the ID token, and the context the authorizer attached for it. */
export interface Caller {
  readonly token: string;
  readonly context: Readonly<Record<string, string>>;
}

const multi = (values: Readonly<Record<string, string>>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(values).map(([name, value]) => [name, [value]]));

/** `/v1/projects/{id}` with `{id: 'x'}` → `/v1/projects/x`. */
export const concretePath = (template: string, parameters: Readonly<Record<string, string>>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(parameters[name] ?? name));

export function apiEvent(route: Route, spec: RequestSpec, caller?: Caller): APIGatewayProxyEvent {
  const path = concretePath(route.path, spec.pathParameters ?? {});
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Host: 'bench.execute-api.us-east-1.amazonaws.com',
    'User-Agent': 'tenantkit-bench',
    'X-Forwarded-For': '203.0.113.7',
    ...(spec.body !== undefined && { 'Content-Type': 'application/json' }),
    ...(caller && { Authorization: `Bearer ${caller.token}` }),
    ...spec.headers,
  };
  const query = spec.query && Object.keys(spec.query).length > 0 ? { ...spec.query } : null;
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders: multi(headers),
    queryStringParameters: query,
    multiValueQueryStringParameters: query && multi(query),
    pathParameters: spec.pathParameters ? { ...spec.pathParameters } : null,
    stageVariables: null,
    body: spec.body === undefined ? null : JSON.stringify(spec.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'bench',
      authorizer: caller ? { ...caller.context, principalId: caller.context.userId } : null,
      httpMethod: route.method,
      identity: requestIdentity('203.0.113.7', 'tenantkit-bench'),
      path: `/bench${path}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'bench',
      resourcePath: route.path,
      stage: 'bench',
    },
  };
}

/** The REQUEST authorizer's event for a call to `route` with `token`. */
export function authorizerEvent(route: Route, token: string): APIGatewayRequestAuthorizerEvent {
  const { body: _, isBase64Encoded: __, requestContext, ...event } = apiEvent(route, {});
  return {
    ...event,
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:000000000000:bench/bench/${route.method}${route.path}`,
    headers: { ...event.headers, Authorization: `Bearer ${token}` },
    multiValueHeaders: event.multiValueHeaders as Record<string, string[]>,
    requestContext: { ...requestContext, authorizer: undefined },
  };
}
