/**
 * Every tenant route answers 403 `tenant_suspended` to the members of a suspended tenant, before
 * the rate limiter, the feature gate or the handler run: a suspension stops the tenant's use, its
 * quota and its writes alike. The authorizer marks the context (shared/auth/authorize.ts).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { TenantSuspendedError } from '#shared/errors.ts';
import type { RouteDefinition } from './route.ts';

export function refuseSuspended(
  route: RouteDefinition,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      if (route.auth !== 'tenant') return;
      const ctx = tenantContextFromAuthorizer(request.event.requestContext?.authorizer);
      if (ctx?.suspended === true) throw new TenantSuspendedError();
    },
  };
}
