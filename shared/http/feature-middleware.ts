/** A tenant route that names a `feature` answers 403 `feature_disabled` to tenants without it. */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { FeatureDisabledError } from '#shared/errors.ts';
import { isFeatureEnabled } from '#shared/features/features.ts';
import type { RouteDefinition } from './route.ts';

export function requiredFeature(
  route: RouteDefinition,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      if (route.auth !== 'tenant' || route.feature === undefined) return;
      const ctx = tenantContextFromAuthorizer(request.event.requestContext?.authorizer);
      // No verified tenant: the handler answers 401.
      if (ctx === undefined) return;
      if (!(await isFeatureEnabled(ctx, route.feature))) {
        throw new FeatureDisabledError(`This needs the ${route.feature} feature`, {
          feature: route.feature,
        });
      }
    },
  };
}
