/** The authorizer handler's contract with API Gateway: 'Unauthorized' for 401, a stage-wide allow policy. */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { handler } from '#functions/auth/authorizer.ts';
import { bearerToken } from '#shared/auth/authorize.ts';
import { allowPolicy, stageWildcardArn } from '#shared/auth/authorizer-policy.ts';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';

const methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/v1/me';

describe('authorizer handler', () => {
  it.each([
    ['no header', {}],
    ['a Basic header', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bearer that is not a JWT', { authorization: 'Bearer not-a-jwt' }],
  ])('answers Unauthorized (API Gateway 401) for %s', async (_case, headers) => {
    const event = {
      type: 'REQUEST',
      methodArn,
      headers,
    } as unknown as APIGatewayRequestAuthorizerEvent;

    await expect(handler(event, lambdaContext('authorizer'))).rejects.toThrow(/^Unauthorized$/);
  });
});

describe('allowPolicy', () => {
  it('allows the whole stage, because API Gateway caches one result for every route', () => {
    const ctx = tenantContextFromAuthorizer({
      tenantId: '01JTESTTENANT0000000000000',
      userId: 'u',
      role: 'viewer',
      plan: 'free',
      mfaSetupRequired: 'false',
      suspended: 'false',
    });
    if (!ctx) throw new Error('context expected');

    const policy = allowPolicy(ctx, methodArn);

    expect(stageWildcardArn(methodArn)).toBe(
      'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*',
    );
    expect(policy.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcardArn(methodArn) },
    ]);
    expect(policy.context).toEqual({
      tenantId: ctx.tenantId,
      userId: 'u',
      role: 'viewer',
      plan: 'free',
      mfaSetupRequired: 'false',
      suspended: 'false',
    });
  });
});

describe('bearerToken', () => {
  it('extracts a JWT and nothing else', () => {
    expect(bearerToken('Bearer aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(bearerToken('bearer aaa.bbb.ccc')).toBeUndefined();
    expect(bearerToken('Bearer aaa.bbb.ccc extra')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
