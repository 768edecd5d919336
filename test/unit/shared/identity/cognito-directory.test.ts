/** Cognito failures the emulator cannot produce (throttling, AWS's own error names), with aws-sdk-client-mock. */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  InitiateAuthCommand,
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
