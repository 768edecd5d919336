/**
 * Operator accounts in the operator pool: creating one (the `npm run operator` script, locally and
 * on AWS) and reading whether one may act (enabled, TOTP enrolled), which the operator authorizer
 * asks on every uncached request. Sign-in itself goes through the shared CognitoUserDirectory,
 * pointed at this pool.
 */
import { randomInt } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { once } from '#shared/config/env.ts';
import { operatorIdentityConfig } from '#shared/config/runtime-config.ts';
import { CognitoUserDirectory } from '#shared/identity/cognito-directory.ts';
import { isUserNotFoundError, mapCognitoError } from '#shared/identity/cognito-errors.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { traced } from '#shared/observability/tracer.ts';

export interface OperatorAccount {
  readonly enabled: boolean;
  /** A TOTP authenticator is enrolled: Cognito asks for its code at every sign-in. */
  readonly totpEnrolled: boolean;
}

/** What the operator authorizer needs of the pool. */
export interface OperatorAccounts {
  /** The account of `username` (the token's `cognito:username`); undefined when it is gone. */
  find(username: string): Promise<OperatorAccount | undefined>;
}

export class CognitoOperatorAccounts implements OperatorAccounts {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async find(username: string): Promise<OperatorAccount | undefined> {
    try {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: username }),
      );
      return {
        enabled: user.Enabled !== false,
        totpEnrolled: (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA'),
      };
    } catch (error) {
      if (isUserNotFoundError(error)) return undefined;
      throw error;
    }
  }
}

const symbols = '!@#$%^&*-_=+';
const alphabets = ['abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ', '23456789', symbols];

/** A random first password that meets the pool's policy: 20 characters, every class present. */
export function firstPassword(): string {
  const all = alphabets.join('');
  const characters = alphabets.map((alphabet) => alphabet.charAt(randomInt(alphabet.length)));
  while (characters.length < 20) characters.push(all.charAt(randomInt(all.length)));
  for (let index = characters.length - 1; index > 0; index -= 1) {
    const other = randomInt(index + 1);
    [characters[index], characters[other]] = [characters[other] ?? '', characters[index] ?? ''];
  }
  return characters.join('');
}

/**
 * Creates an operator with a permanent password and no authenticator: their first sign-in enrols
 * one (POST /v1/platform/auth/login, then /v1/platform/auth/mfa/setup), and no token of theirs
 * passes the operator authorizer before that. ConflictError when the email exists.
 */
export async function createOperator(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  email: string,
  password: string,
): Promise<{ operatorId: string }> {
  try {
    const created = await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: email,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    try {
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    } catch (error) {
      // All or nothing: no operator is left behind without the password that was printed.
      await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: email }));
      throw error;
    }
    const operatorId = created.User?.Attributes?.find((entry) => entry.Name === 'sub')?.Value;
    if (operatorId === undefined) throw new Error('Cognito created an operator without a sub');
    return { operatorId };
  } catch (error) {
    throw mapCognitoError('createUser', error) ?? error;
  }
}

const operatorPoolClient = once(() =>
  traced(new CognitoIdentityProviderClient(operatorIdentityConfig().client)),
);

export const operatorAccounts = once(
  (): OperatorAccounts =>
    new CognitoOperatorAccounts(operatorPoolClient(), operatorIdentityConfig().userPoolId),
);

/** Sign-in, TOTP and revocation against the operator pool: the tenants' directory code, this pool. */
export const operatorDirectory = once(
  (): UserDirectory => new CognitoUserDirectory(operatorPoolClient(), operatorIdentityConfig()),
);
