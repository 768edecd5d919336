/**
 * API Gateway request authorizer of the operator routes (`/v1/platform/…`): a verified ID token of
 * the operator pool, of an enabled operator with TOTP enrolled, or 401; an outage is a 503.
 */
import { lambdaAuthorizer } from '#shared/auth/lambda-authorizer.ts';
import { operatorTokenVerifier } from '#shared/auth/token-verifier.ts';
import { authorizeOperator } from '#shared/platform/authorize-operator.ts';
import { operatorAccounts } from '#shared/platform/operator-accounts.ts';
import { operatorAllowPolicy } from '#shared/platform/operator-context.ts';

export const handler = lambdaAuthorizer('operator', async (token, methodArn) =>
  operatorAllowPolicy(
    await authorizeOperator(token, {
      verifier: operatorTokenVerifier(),
      accounts: operatorAccounts(),
    }),
    methodArn,
  ),
);
