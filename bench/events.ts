/**
 * API Gateway events as the REST API sends them to a route's function, and to the authorizer, built
 * from the route table: the same shapes dev/gateway.ts produces for `npm start`.
 */
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { requestIdentity } from '#dev/lambda-context.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

/** What a scenario says about one request; everything else is filled in like API Gateway does. */
export interface RequestSpec {
  readonly pathParameters?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** The context the authorizer attaches to a tenant route's request. */
export type AuthorizerContext = Readonly<Record<string, string>>;

const stage = 'bench';
const accountId = '000000000000';
const apiId = 'bench';

export function methodArn(route: Pick<RouteDefinition, 'method' | 'path'>): string {
  return `arn:aws:execute-api:us-east-1:${accountId}:${apiId}/${stage}/${route.method}${route.path}`;
}

/** `/v1/projects/{id}` with `{id: 'x'}` → `/v1/projects/x`. */
export function concretePath(
  template: string,
  parameters: Readonly<Record<string, string>>,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(parameters[name] ?? name),
  );
}

function baseHeaders(body: unknown): Record<string, string> {
  return {
    Accept: 'application/json',
    Host: `${apiId}.execute-api.us-east-1.amazonaws.com`,
    'User-Agent': 'tenantkit-bench',
    'X-Forwarded-For': '203.0.113.7',
    'X-Forwarded-Proto': 'https',
    ...(body !== undefined && { 'Content-Type': 'application/json' }),
  };
}

export function apiEvent(
  route: RouteDefinition,
  spec: RequestSpec,
  options: { requestId: string; token?: string; authorizer?: AuthorizerContext },
): APIGatewayProxyEvent {
  const path = concretePath(route.path, spec.pathParameters ?? {});
  const headers: Record<string, string> = {
    ...baseHeaders(spec.body),
    ...(options.token !== undefined && { Authorization: `Bearer ${options.token}` }),
    ...spec.headers,
  };
  const query = spec.query && Object.keys(spec.query).length > 0 ? { ...spec.query } : null;
  return {
    resource: route.path,
    path,
    httpMethod: route.method,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, [value]]),
    ),
    queryStringParameters: query,
    multiValueQueryStringParameters: query
      ? Object.fromEntries(Object.entries(query).map(([name, value]) => [name, [value]]))
      : null,
    pathParameters: spec.pathParameters ? { ...spec.pathParameters } : null,
    stageVariables: null,
    body: spec.body === undefined ? null : JSON.stringify(spec.body),
    isBase64Encoded: false,
    requestContext: {
      accountId,
      apiId,
      authorizer:
        options.authorizer === undefined
          ? null
          : { ...options.authorizer, principalId: options.authorizer.userId ?? 'unknown' },
      httpMethod: route.method,
      identity: requestIdentity('203.0.113.7', 'tenantkit-bench'),
      path: `/${stage}${path}`,
      protocol: 'HTTP/1.1',
      requestId: options.requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'bench',
      resourcePath: route.path,
      stage,
    },
  };
}

/** The REQUEST authorizer's event for a call to `route` with `token`. */
export function authorizerEvent(
  route: RouteDefinition,
  token: string,
  requestId: string,
): APIGatewayRequestAuthorizerEvent {
  const event = apiEvent(route, {}, { requestId, token });
  return {
    type: 'REQUEST',
    methodArn: methodArn(route),
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers as Record<string, string>,
    multiValueHeaders: event.multiValueHeaders as Record<string, string[]>,
    pathParameters: event.pathParameters,
    queryStringParameters: event.queryStringParameters,
    multiValueQueryStringParameters: event.multiValueQueryStringParameters,
    stageVariables: null,
    requestContext: { ...event.requestContext, authorizer: undefined },
  };
}
