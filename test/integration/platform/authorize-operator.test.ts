/** The operator authorizer: a token of the operator pool passes only for an enrolled, enabled operator. */
import {
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { operatorTokenVerifier, tokenVerifier } from '#shared/auth/token-verifier.ts';
import { operatorIdentityConfig } from '#shared/config/runtime-config.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { authorizeOperator } from '#shared/platform/authorize-operator.ts';
import {
  createOperator,
  firstPassword,
  operatorAccounts,
  operatorDirectory,
} from '#shared/platform/operator-accounts.ts';
import { uniqueEmail } from '../../support/tenants.ts';
import { totp } from '../../support/totp.ts';

const deps = () => ({ verifier: operatorTokenVerifier(), accounts: operatorAccounts() });

async function newOperator(): Promise<{ email: string; password: string }> {
  const config = operatorIdentityConfig();
  const client = new CognitoIdentityProviderClient(config.client);
  const email = uniqueEmail('operator');
  const password = firstPassword();
  await createOperator(client, config.userPoolId, email, password);
  client.destroy();
  return { email, password };
}

describe('authorizeOperator', () => {
  it('refuses a token Cognito issued before the operator enrolled an authenticator', async () => {
    // Prepare: tokens straight from the pool, which asks no code of an operator without one.
    const { email, password } = await newOperator();
    const tokens = await operatorDirectory().signIn(email, password);

    // Act / Assess
    await expect(authorizeOperator(tokens.idToken, deps())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it('passes an enrolled operator and refuses them once disabled', async () => {
    // Prepare
    const { email, password } = await newOperator();
    const first = await operatorDirectory().signIn(email, password);
    const secret = await operatorDirectory().associateTotp(first.accessToken);
    await operatorDirectory().enableTotp(first.accessToken, totp(secret));

    // Act
    const operator = await authorizeOperator(first.idToken, deps());
    const config = operatorIdentityConfig();
    const client = new CognitoIdentityProviderClient(config.client);
    await client.send(
      new AdminDisableUserCommand({ UserPoolId: config.userPoolId, Username: email }),
    );
    client.destroy();

    // Assess
    expect(operator.email).toBe(email);
    await expect(authorizeOperator(first.idToken, deps())).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  it("refuses an operator's token as a tenant token", async () => {
    const { email, password } = await newOperator();
    const tokens = await operatorDirectory().signIn(email, password);

    await expect(tokenVerifier().verify(tokens.idToken)).rejects.toBeInstanceOf(UnauthorizedError);
  });
});
