/**
 * API Gateway request authorizer of the tenant routes: a verified Cognito ID token of an active
 * member, or 401; a dependency outage is a 503 (shared/auth/lambda-authorizer.ts).
 */
import { authorize } from '#shared/auth/authorize.ts';
import { allowPolicy } from '#shared/auth/authorizer-policy.ts';
import { lambdaAuthorizer } from '#shared/auth/lambda-authorizer.ts';
import { tokenVerifier } from '#shared/auth/token-verifier.ts';
import { tenantStore } from '#shared/data/stores.ts';

export const handler = lambdaAuthorizer('tenant', async (token, methodArn) =>
  allowPolicy(
    await authorize(token, { verifier: tokenVerifier(), store: tenantStore() }),
    methodArn,
  ),
);
