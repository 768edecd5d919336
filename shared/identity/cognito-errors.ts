/**
 * Maps Cognito's errors to domain errors in one place, so the API answers the same on AWS and on the
 * local emulator (which, for one, reports a wrong password as InvalidPasswordException).
 */
import {
  ConflictError,
  type DomainError,
  InvalidCodeError,
  UnauthorizedError,
  ValidationError,
} from '#shared/errors.ts';

export type CognitoOperation =
  | 'createUser'
  | 'setPassword'
  | 'signIn'
  | 'refresh'
  | 'totpCode'
  | 'changeEmail';

/**
 * RevokeToken's answers for a token that is not (or no longer) a live refresh token of this client:
 * AWS says UnsupportedTokenType or Unauthorized, the emulator NotAuthorized.
 */
const deadRefreshTokenErrors: ReadonlySet<string> = new Set([
  'NotAuthorizedException',
  'UnauthorizedException',
  'UnsupportedTokenTypeException',
  'InvalidParameterException',
]);

/** True when RevokeToken failed because the token was dead already: for a sign-out, a success. */
export function isDeadRefreshTokenError(error: unknown): boolean {
  const name = errorName(error);
  return name !== undefined && deadRefreshTokenErrors.has(name);
}

/** True when an admin call named a user that does not exist. */
export function isUserNotFoundError(error: unknown): boolean {
  return errorName(error) === 'UserNotFoundException';
}

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
    case 'totpCode':
      // A wrong code, or a challenge session Cognito no longer knows (expired, already answered).
      return name === 'CodeMismatchException' ||
        name === 'ExpiredCodeException' ||
        name === 'NotAuthorizedException' ||
        name === 'EnableSoftwareTokenMFAException'
        ? new InvalidCodeError()
        : undefined;
    case 'changeEmail':
      // Another user of the pool signs in with it (AWS; cognito-local does not check aliases).
      return name === 'AliasExistsException' || name === 'UsernameExistsException'
        ? new ConflictError('An account with this email already exists', undefined, {
            cause: error,
          })
        : undefined;
    case 'refresh':
      return credentialErrors.has(name)
        ? new UnauthorizedError('Refresh token is invalid, expired or revoked', undefined, {
            cause: error,
          })
        : undefined;
  }
}
