/**
 * Maps Cognito's errors to domain errors in one place, so the API answers the same on AWS and on the
 * local emulator (which, for one, reports a wrong password as InvalidPasswordException).
 */
import { ConflictError, type DomainError, UnauthorizedError, ValidationError } from '../errors.ts';

export type CognitoOperation = 'createUser' | 'setPassword' | 'signIn' | 'refresh';

const credentialErrors = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'InvalidPasswordException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
]);

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** The domain error for a Cognito failure, or undefined when it is not the caller's fault. */
export function mapCognitoError(
  operation: CognitoOperation,
  error: unknown,
): DomainError | undefined {
  const name = errorName(error);
  if (name === undefined) return undefined;
  switch (operation) {
    case 'createUser':
      if (name === 'UsernameExistsException' || name === 'AliasExistsException') {
        return new ConflictError('An account with this email already exists', undefined, {
          cause: error,
        });
      }
      if (name === 'InvalidParameterException') {
        return new ValidationError('The identity provider refused these attributes', undefined, {
          cause: error,
        });
      }
      return undefined;
    case 'setPassword':
      if (name === 'InvalidPasswordException' || name === 'InvalidParameterException') {
        return new ValidationError(
          'Password does not meet the password policy',
          [{ path: ['password'], message: error instanceof Error ? error.message : '' }],
          { cause: error },
        );
      }
      return undefined;
    case 'signIn':
      return credentialErrors.has(name)
        ? new UnauthorizedError('Email or password is incorrect', undefined, { cause: error })
        : undefined;
    case 'refresh':
      return credentialErrors.has(name)
        ? new UnauthorizedError('Refresh token is invalid, expired or revoked', undefined, {
            cause: error,
          })
        : undefined;
  }
}
