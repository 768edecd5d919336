/**
 * Turns a bearer token into an OperatorContext: an ID token of the operator pool (a tenant's token
 * fails its issuer and audience), of an operator account that is still enabled and has a TOTP
 * authenticator enrolled. The pool asks every enrolled operator for the code at sign-in, so a token
 * that passes here was issued after a second factor; an operator who has not enrolled yet holds no
 * token that passes, whatever they obtained from Cognito directly.
 */
import type { TokenVerifier } from '#shared/auth/token-verifier.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import type { OperatorAccounts } from './operator-accounts.ts';
import { type OperatorContext, verifiedOperatorContext } from './operator-context.ts';

export interface AuthorizeOperatorDependencies {
  readonly verifier: TokenVerifier;
  readonly accounts: OperatorAccounts;
}

export async function authorizeOperator(
  token: string,
  { verifier, accounts }: AuthorizeOperatorDependencies,
): Promise<OperatorContext> {
  const claims = await verifier.verify(token);
  const username = claims['cognito:username'];
  if (
    typeof claims.sub !== 'string' ||
    typeof claims.email !== 'string' ||
    typeof username !== 'string' ||
    // Defence in depth: the operator pool has no such attribute; a claim of one is not an operator.
    claims['custom:tenantId'] !== undefined
  ) {
    throw new UnauthorizedError('Token names no operator');
  }
  const account = await accounts.find(username);
  if (account === undefined || !account.enabled) {
    throw new UnauthorizedError('Operator account is disabled or gone');
  }
  if (!account.totpEnrolled) {
    throw new UnauthorizedError('Operator has no authenticator enrolled');
  }
  return verifiedOperatorContext(claims.sub, claims.email);
}
