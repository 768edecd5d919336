/** Cognito failures the emulator cannot produce (throttling, AWS's own error names), with aws-sdk-client-mock. */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, UnauthorizedError, ValidationError } from '#shared/errors.ts';
import { CognitoUserDirectory } from '#shared/identity/cognito-directory.ts';

const cognito = mockClient(CognitoIdentityProviderClient);
const directory = new CognitoUserDirectory(
  new CognitoIdentityProviderClient({ region: 'us-east-1' }),
  {
    userPoolId: 'us-east-1_pool',
    userPoolClientId: 'client',
  },
);

function awsError(name: string): CognitoIdentityProviderServiceException {
  return new CognitoIdentityProviderServiceException({
    name,
    $fault: 'client',
    $metadata: {},
    message: name,
  });
}

beforeEach(() => cognito.reset());

describe('CognitoUserDirectory.signIn', () => {
  it.each(['NotAuthorizedException', 'UserNotFoundException', 'InvalidPasswordException'])(
    'turns %s into the same 401',
    async (name) => {
      cognito.on(InitiateAuthCommand).rejects(awsError(name));

      const attempt = directory.signIn('a@example.test', 'pw');

      await expect(attempt).rejects.toBeInstanceOf(UnauthorizedError);
      await expect(attempt).rejects.toThrow('Email or password is incorrect');
    },
  );

  it('lets throttling through as an internal error, not a 401', async () => {
    cognito.on(InitiateAuthCommand).rejects(awsError('TooManyRequestsException'));

    await expect(directory.signIn('a@example.test', 'pw')).rejects.toThrow(
      'TooManyRequestsException',
    );
  });

  it('refuses a sign-in that answers with a challenge instead of tokens', async () => {
    cognito.on(InitiateAuthCommand).resolves({ ChallengeName: 'NEW_PASSWORD_REQUIRED' });

    await expect(directory.signIn('a@example.test', 'pw')).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });
});

describe('CognitoUserDirectory.createUser', () => {
  const newUser = {
    email: 'a@example.test',
    password: 'pw',
    tenantId: 'T',
    role: 'owner' as const,
  };

  it('deletes the user again when the pool refuses the password', async () => {
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: { Attributes: [{ Name: 'sub', Value: 'u1' }] } });
    cognito.on(AdminSetUserPasswordCommand).rejects(awsError('InvalidPasswordException'));
    cognito.on(AdminDeleteUserCommand).resolves({});

    await expect(directory.createUser(newUser)).rejects.toBeInstanceOf(ValidationError);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
  });

  it('reports an existing email as a conflict', async () => {
    cognito.on(AdminCreateUserCommand).rejects(awsError('UsernameExistsException'));

    await expect(directory.createUser(newUser)).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('CognitoUserDirectory.revokeRefreshToken', () => {
  it.each(['NotAuthorizedException', 'UnauthorizedException', 'UnsupportedTokenTypeException'])(
    'treats %s (a token dead already) as done, so sign-out never fails on it',
    async (name) => {
      cognito.on(RevokeTokenCommand).rejects(awsError(name));

      await expect(directory.revokeRefreshToken('dead')).resolves.toBeUndefined();
    },
  );

  it('lets throttling through, so the sign-out fails and can be retried', async () => {
    cognito.on(RevokeTokenCommand).rejects(awsError('TooManyRequestsException'));

    await expect(directory.revokeRefreshToken('live')).rejects.toThrow('TooManyRequestsException');
  });
});

describe('CognitoUserDirectory.disableUser', () => {
  it('treats a user that does not exist as disabled already', async () => {
    cognito.on(AdminDisableUserCommand).rejects(awsError('UserNotFoundException'));

    await expect(directory.disableUser('gone@example.test')).resolves.toBeUndefined();
  });
});
