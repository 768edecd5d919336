/**
 * The request limiter in the API's middy stack: before the handler, a tenant route takes from its
 * tenant's bucket and a rate-limited public route from its source IP's; a refusal is a 429 (mapped
 * by the error middleware), and an admitted response carries the RateLimit fields.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import {
  type AdmissionHeaders,
  limitSourceIp,
  limitTenantRequest,
} from '#shared/limits/request-limiter.ts';
import type { RouteDefinition } from './route.ts';

async function admit(
  route: RouteDefinition,
  event: APIGatewayProxyEvent,
): Promise<AdmissionHeaders> {
  if (route.auth === 'tenant') {
    const ctx = tenantContextFromAuthorizer(event.requestContext?.authorizer);
    // No verified tenant: the handler answers 401 before anything is spent.
    return ctx === undefined ? undefined : limitTenantRequest(ctx);
  }
  if (route.auth !== 'public' || route.sourceIpLimit === undefined) return undefined;
  // API Gateway's own view of the caller: a forged X-Forwarded-For cannot choose the bucket.
  const sourceIp = event.requestContext?.identity?.sourceIp ?? 'unknown';
  return limitSourceIp(route.sourceIpLimit, sourceIp);
}

export function rateLimits(
  route: RouteDefinition,
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const admitted = new WeakMap<APIGatewayProxyEvent, Record<string, string>>();
  return {
    before: async (request) => {
      const headers = await admit(route, request.event);
      if (headers !== undefined) admitted.set(request.event, headers);
    },
    after: async (request) => {
      const headers = admitted.get(request.event);
      if (headers === undefined || request.response === null) return;
      request.response = {
        ...request.response,
        headers: { ...request.response.headers, ...headers },
      };
    },
  };
}
