/**
 * The Lambda request authorizer both planes use: a bearer token in, an Allow policy out. A REST
 * authorizer cannot choose its status or body: throwing `Unauthorized` is API Gateway's 401, and any
 * other failure its AUTHORIZER_FAILURE response, which lib/api/gateway-errors.ts makes a 503
 * `service_unavailable` with Retry-After (the local gateway answers the same).
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy, { type MiddyfiedHandler } from '@middy/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { DomainError, serviceUnavailableFrom } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { withSourceMappedStack } from '#shared/observability/source-maps.ts';
import { tracer } from '#shared/observability/tracer.ts';
import { bearerToken } from './authorize.ts';

/** The exact message API Gateway turns into a 401 (any other error becomes a 500). */
const unauthorized = 'Unauthorized';

export type LambdaAuthorizer = MiddyfiedHandler<
  APIGatewayRequestAuthorizerEvent,
  APIGatewayAuthorizerResult,
  Error,
  Context
>;

/**
 * `allow` verifies the token and returns the policy; a DomainError it throws is a refusal (401),
 * a dependency outage a 503, anything else API Gateway's AUTHORIZER_FAILURE. `plane` names the
 * authorizer in its log lines.
 */
export function lambdaAuthorizer(
  plane: 'tenant' | 'operator',
  allow: (token: string, methodArn: string) => Promise<APIGatewayAuthorizerResult>,
): LambdaAuthorizer {
  const authorizeRequest = async (
    event: APIGatewayRequestAuthorizerEvent,
  ): Promise<APIGatewayAuthorizerResult> => {
    const headers = event.headers ?? {};
    const token = bearerToken(headers.Authorization ?? headers.authorization);
    if (token === undefined) throw new Error(unauthorized);
    try {
      return await allow(token, event.methodArn);
    } catch (error) {
      const requestId = event.requestContext?.requestId;
      const outage = serviceUnavailableFrom(error);
      if (outage) {
        logger.warn('Authorizer could not reach a dependency', {
          plane,
          requestId,
          error: withSourceMappedStack(outage.cause instanceof Error ? outage.cause : outage),
        });
        throw outage;
      }
      if (error instanceof DomainError) {
        logger.info('Token refused', { plane, requestId, reason: error.message });
        throw new Error(unauthorized);
      }
      // The Lambda runtime logs it (API Gateway's AUTHORIZER_FAILURE): with a stack in our source.
      throw withSourceMappedStack(error);
    }
  };
  // As in apiHandler: API Gateway answers a failed authorizer itself.
  return middy<APIGatewayRequestAuthorizerEvent, APIGatewayAuthorizerResult, Error, Context>({
    timeoutEarlyInMillis: 0,
  })
    .use(injectLambdaContext(logger))
    .use(captureLambdaHandler(tracer, { captureResponse: false }))
    .handler(authorizeRequest);
}
