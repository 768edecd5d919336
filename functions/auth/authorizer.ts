/**
 * API Gateway request authorizer: a verified Cognito ID token of an active member, or 401. A REST
 * authorizer cannot choose its status or body: throwing `Unauthorized` is API Gateway's 401, and any
 * other failure its AUTHORIZER_FAILURE response, which lib/api/gateway-errors.ts makes a 503
 * `service_unavailable` with Retry-After (the local gateway answers the same).
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { authorize, bearerToken } from '#shared/auth/authorize.ts';
import { allowPolicy } from '#shared/auth/authorizer-policy.ts';
import { tokenVerifier } from '#shared/auth/token-verifier.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { DomainError, serviceUnavailableFrom } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { withSourceMappedStack } from '#shared/observability/source-maps.ts';
import { tracer } from '#shared/observability/tracer.ts';

/** The exact message API Gateway turns into a 401 (any other error becomes a 500). */
const unauthorized = 'Unauthorized';

async function authorizeRequest(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const headers = event.headers ?? {};
  const header = headers.Authorization ?? headers.authorization;
  const token = bearerToken(header);
  if (token === undefined) throw new Error(unauthorized);
  try {
    const ctx = await authorize(token, { verifier: tokenVerifier(), store: tenantStore() });
    return allowPolicy(ctx, event.methodArn);
  } catch (error) {
    const outage = serviceUnavailableFrom(error);
    if (outage) {
      logger.warn('Authorizer could not reach a dependency', {
        requestId: event.requestContext?.requestId,
        error: withSourceMappedStack(outage.cause instanceof Error ? outage.cause : outage),
      });
      throw outage;
    }
    if (error instanceof DomainError) {
      logger.info('Token refused', {
        requestId: event.requestContext?.requestId,
        reason: error.message,
      });
      throw new Error(unauthorized);
    }
    // The Lambda runtime logs it (API Gateway's AUTHORIZER_FAILURE): with a stack in our source.
    throw withSourceMappedStack(error);
  }
}

export const handler = middy<
  APIGatewayRequestAuthorizerEvent,
  APIGatewayAuthorizerResult,
  Error,
  Context
>({ timeoutEarlyInMillis: 0 }) // as in apiHandler: API Gateway answers a failed authorizer itself
  .use(injectLambdaContext(logger))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .handler(authorizeRequest);
