/**
 * A tenant whose subscription is unpaid past its grace period is read-only: every write route but
 * the ones it needs to pay or leave answers 402 `subscription_inactive` (rules in
 * shared/billing/access.ts). The hold comes from the authorizer, read from the tenant item.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import {
  readOnlyReason,
  SubscriptionInactiveError,
  writableWhileReadOnly,
} from '#shared/billing/access.ts';
import { billingGraceDays } from '#shared/config/billing-config.ts';
import type { RouteDefinition } from './route.ts';

export function subscriptionAccess(
  route: RouteDefinition,
  now: () => Date = () => new Date(),
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: async (request) => {
      if (writableWhileReadOnly(route)) return;
      const ctx = tenantContextFromAuthorizer(request.event.requestContext?.authorizer);
      const readOnly = readOnlyReason(ctx?.billingHold, now(), billingGraceDays());
      if (readOnly === undefined) return;
      throw new SubscriptionInactiveError(
        'The subscription is unpaid: the tenant is read-only until the payment goes through',
        { reason: readOnly.reason, readOnlySince: readOnly.since, pay: 'POST /v1/billing/portal' },
      );
    },
  };
}
