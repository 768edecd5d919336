/** API Gateway REST proxy events and Lambda contexts for handler unit tests. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export function proxyEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    resource: '/test',
    path: '/test',
    httpMethod: 'GET',
    headers: {},
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'unit',
      authorizer: null,
      httpMethod: 'GET',
      identity: { sourceIp: '203.0.113.7' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: '/unit/test',
      protocol: 'HTTP/1.1',
      requestId: 'req-unit-1',
      requestTimeEpoch: 0,
      resourceId: 'r',
      resourcePath: '/test',
      stage: 'unit',
    },
    ...overrides,
  };
}

export function authorizedEvent(
  context: Record<string, string>,
  overrides: Partial<APIGatewayProxyEvent> = {},
): APIGatewayProxyEvent {
  const event = proxyEvent(overrides);
  return { ...event, requestContext: { ...event.requestContext, authorizer: context } };
}
