/**
 * Who an operator is, as the operator authorizer vouches for it: never a tenant. The authorizer
 * context carries `plane: 'operator'`, which no tenant context has, and a tenant context carries a
 * `tenantId`, which this schema refuses, so neither plane's context parses as the other's.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { stageWildcardArn } from '#shared/auth/authorizer-policy.ts';

declare const verifiedOperator: unique symbol;

export interface OperatorContext {
  /** The operator's Cognito `sub` in the operator pool. */
  readonly operatorId: string;
  readonly email: string;
  /** Compile-time brand: only the authorizer's verified context yields one. */
  readonly [verifiedOperator]: true;
}

const operatorContextSchema = z.object({
  plane: z.literal('operator'),
  operatorId: z.string().check(z.minLength(1), z.maxLength(128)),
  email: z.string().check(z.minLength(3), z.maxLength(254)),
  // A tenant's context never passes, even one that somehow carried the fields above.
  tenantId: z.optional(z.undefined()),
});

/** The operator the authorizer attached to the request; undefined for anything else. */
export function operatorContextFromAuthorizer(authorizer: unknown): OperatorContext | undefined {
  const parsed = operatorContextSchema.safeParse(authorizer);
  if (!parsed.success) return undefined;
  const { operatorId, email } = parsed.data;
  return { operatorId, email } as OperatorContext;
}

/** Builds the context of an operator whose token and account were verified (the authorizer). */
export function verifiedOperatorContext(operatorId: string, email: string): OperatorContext {
  return { operatorId, email } as OperatorContext;
}

/** The stage's operator routes only: `…/stage/` any verb `/v1/platform/` any path. */
export function platformRoutesArn(methodArn: string): string {
  return `${stageWildcardArn(methodArn)}/v1/platform/*`;
}

/**
 * The operator authorizer's answer: every operator route of the stage (its cache spans routes) and
 * nothing else, so even a cache shared with the tenant routes could not let it reach one.
 */
export function operatorAllowPolicy(
  operator: OperatorContext,
  methodArn: string,
): APIGatewayAuthorizerResult {
  return {
    principalId: operator.operatorId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [
        { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: platformRoutesArn(methodArn) },
      ],
    },
    context: { plane: 'operator', operatorId: operator.operatorId, email: operator.email },
  };
}
