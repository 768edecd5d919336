/**
 * Builds the API Gateway authorizer response. The result is cached by Authorization header for every
 * route, so the policy allows the whole stage and each route checks the role itself.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { encodeBillingHold } from '#shared/billing/access.ts';
import type { TenantContext } from './tenant-context.ts';

/** `arn:aws:execute-api:region:account:apiId/stage/VERB/path` → `…/stage/*` */
export function stageWildcardArn(methodArn: string): string {
  const [apiArn, stage] = methodArn.split('/');
  return `${apiArn}/${stage}/*`;
}

export function allowPolicy(ctx: TenantContext, methodArn: string): APIGatewayAuthorizerResult {
  return {
    principalId: ctx.userId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcardArn(methodArn) },
      ],
    },
    context: {
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      role: ctx.role,
      plan: ctx.plan,
      ...(ctx.overrides && { overrides: JSON.stringify(ctx.overrides) }),
      mfaSetupRequired: String(ctx.mfaSetupRequired),
      ...(ctx.billingHold && { billingHold: encodeBillingHold(ctx.billingHold) }),
      suspended: String(ctx.suspended),
    },
  };
}
