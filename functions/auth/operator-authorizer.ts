/**
 * API Gateway request authorizer of the operator routes (`/v1/platform/…`): a verified ID token of
 * the operator pool, of an enabled operator with TOTP enrolled, or 401. Failures map as in the
 * tenant authorizer (functions/auth/authorizer.ts): refusal → 401, outage → 503.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { bearerToken } from '#shared/auth/authorize.ts';
import { operatorTokenVerifier } from '#shared/auth/token-verifier.ts';
import { DomainError, serviceUnavailableFrom } from '#shared/errors.ts';
import { logger } from '#shared/observability/logger.ts';
import { withSourceMappedStack } from '#shared/observability/source-maps.ts';
import { tracer } from '#shared/observability/tracer.ts';
import { authorizeOperator } from '#shared/platform/authorize-operator.ts';
import { operatorAccounts } from '#shared/platform/operator-accounts.ts';
import { operatorAllowPolicy } from '#shared/platform/operator-context.ts';

/** The exact message API Gateway turns into a 401 (any other error becomes a 500). */
const unauthorized = 'Unauthorized';

async function authorizeRequest(
  event: APIGatewayRequestAuthorizerEvent,
): Promise<APIGatewayAuthorizerResult> {
  const headers = event.headers ?? {};
  const token = bearerToken(headers.Authorization ?? headers.authorization);
  if (token === undefined) throw new Error(unauthorized);
  try {
    const operator = await authorizeOperator(token, {
      verifier: operatorTokenVerifier(),
      accounts: operatorAccounts(),
    });
    return operatorAllowPolicy(operator, event.methodArn);
  } catch (error) {
    const outage = serviceUnavailableFrom(error);
    if (outage) {
      logger.warn('Operator authorizer could not reach a dependency', {
        requestId: event.requestContext?.requestId,
        error: withSourceMappedStack(outage.cause instanceof Error ? outage.cause : outage),
      });
      throw outage;
    }
    if (error instanceof DomainError) {
      logger.info('Operator token refused', {
        requestId: event.requestContext?.requestId,
        reason: error.message,
      });
      throw new Error(unauthorized);
    }
    throw withSourceMappedStack(error);
  }
}

export const handler = middy<
  APIGatewayRequestAuthorizerEvent,
  APIGatewayAuthorizerResult,
  Error,
  Context
>({ timeoutEarlyInMillis: 0 })
  .use(injectLambdaContext(logger))
  .use(captureLambdaHandler(tracer, { captureResponse: false }))
  .handler(authorizeRequest);
