/**
 * Flushing the API's authorizer cache after a change of who may call (a suspension, an offboarding,
 * a member's removal): API Gateway caches each authorizer's answer per token for up to its TTL, so
 * without a flush a refused caller keeps getting through that long. On AWS it is the stage's
 * FlushStageAuthorizersCache (every authorizer, every token: the next request of each caller runs
 * its authorizer again); locally the gateway in this process registers its own cache.
 */
import { APIGatewayClient, FlushStageAuthorizersCacheCommand } from '@aws-sdk/client-api-gateway';
import { once } from '#shared/config/env.ts';
import { apiStageConfig } from '#shared/config/runtime-config.ts';
import { logger } from '#shared/observability/logger.ts';
import { traced } from '#shared/observability/tracer.ts';

export interface AuthorizerCache {
  flush(): Promise<void>;
}

const localCaches = new Set<() => void>();

/** The local gateway's cache, flushed with the stage's; the returned function unregisters it. */
export function onAuthorizerCacheFlush(flush: () => void): () => void {
  localCaches.add(flush);
  return () => localCaches.delete(flush);
}

export const authorizerCache = once((): AuthorizerCache => {
  const stage = apiStageConfig();
  if (stage === undefined) {
    return {
      flush: async () => {
        for (const flush of localCaches) flush();
      },
    };
  }
  const client = traced(new APIGatewayClient(stage.client));
  return {
    flush: async () => {
      await client.send(
        new FlushStageAuthorizersCacheCommand({
          restApiId: stage.restApiId,
          stageName: stage.stageName,
        }),
      );
    },
  };
});

/**
 * Flushes after a change that already happened: a failure (API Gateway throttles the call) is
 * logged, not answered as an error, since the change holds and the cache's TTL bounds the rest.
 */
export async function flushAuthorizers(): Promise<void> {
  try {
    await authorizerCache().flush();
  } catch (error) {
    logger.warn('Authorizer cache not flushed; the change holds within the cache TTL', {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
