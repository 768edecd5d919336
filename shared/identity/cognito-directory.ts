/** Cognito adapter of the UserDirectory port; the same code talks to AWS and to cognito-local. */
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AssociateSoftwareTokenCommand,
  type AttributeType,
  type AuthenticationResultType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '#shared/auth/roles.ts';
import { once } from '#shared/config/env.ts';
import { type IdentityConfig, identityConfig } from '#shared/config/runtime-config.ts';
import { InvalidCodeError, UnauthorizedError } from '#shared/errors.ts';
import { traced } from '#shared/observability/tracer.ts';
import {
  type CognitoOperation,
  isDeadRefreshTokenError,
  isUserNotFoundError,
  mapCognitoError,
} from './cognito-errors.ts';
import {
  type AuthTokens,
  type DirectoryUser,
  MfaChallengeError,
  type NewUser,
  type UserDirectory,
} from './model.ts';

export const claimNames = { tenantId: 'custom:tenantId', role: 'custom:role' } as const;

function attribute(attributes: AttributeType[] | undefined, name: string): string | undefined {
  return attributes?.find((entry) => entry.Name === name)?.Value;
}

async function mapped<T>(operation: CognitoOperation, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapCognitoError(operation, error) ?? error;
  }
}

function toTokens(
  result: AuthenticationResultType | undefined,
  challenge?: { readonly name: string | undefined; readonly session: string | undefined },
): AuthTokens {
  if (challenge?.name === 'SOFTWARE_TOKEN_MFA' && challenge.session) {
    throw new MfaChallengeError(challenge.session);
  }
  if (!result?.IdToken || !result.AccessToken) {
    // A challenge (new password, MFA) instead of tokens: not a flow this API offers.
    throw new UnauthorizedError('Sign-in needs a step this API does not support');
  }
  return {
    idToken: result.IdToken,
    accessToken: result.AccessToken,
    ...(result.RefreshToken && { refreshToken: result.RefreshToken }),
    expiresIn: result.ExpiresIn ?? 3600,
    tokenType: 'Bearer',
  };
}

export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly config: Pick<IdentityConfig, 'userPoolId' | 'userPoolClientId'>,
  ) {}

  async createUser(user: NewUser): Promise<{ userId: string }> {
    const created = await mapped('createUser', () =>
      this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.config.userPoolId,
          Username: user.email,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: user.email },
            { Name: 'email_verified', Value: String(user.emailVerified ?? true) },
            { Name: claimNames.tenantId, Value: user.tenantId },
            { Name: claimNames.role, Value: user.role },
          ],
        }),
      ),
    );
    const userId = attribute(created.User?.Attributes, 'sub');
    if (userId === undefined) throw new Error('Cognito created a user without a sub');
    try {
      await mapped('setPassword', () =>
        this.client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: this.config.userPoolId,
            Username: user.email,
            Password: user.password,
            Permanent: true,
          }),
        ),
      );
    } catch (error) {
      await this.deleteUser(user.email);
      throw error;
    }
    return { userId };
  }

  async findUser(email: string): Promise<DirectoryUser | undefined> {
    try {
      const user = await this.client.send(
        new AdminGetUserCommand({ UserPoolId: this.config.userPoolId, Username: email }),
      );
      const userId = attribute(user.UserAttributes, 'sub');
      if (userId === undefined) return undefined;
      return {
        userId,
        tenantId: attribute(user.UserAttributes, claimNames.tenantId),
        createdAt: user.UserCreateDate ?? new Date(0),
      };
    } catch (error) {
      if (isUserNotFoundError(error)) return undefined;
      throw error;
    }
  }

  async deleteUser(email: string): Promise<void> {
    try {
      await this.client.send(
        new AdminDeleteUserCommand({ UserPoolId: this.config.userPoolId, Username: email }),
      );
    } catch (error) {
      if (isUserNotFoundError(error)) return;
      throw error;
    }
  }

  async disableUser(email: string): Promise<void> {
    try {
      await this.client.send(
        new AdminDisableUserCommand({ UserPoolId: this.config.userPoolId, Username: email }),
      );
    } catch (error) {
      if (isUserNotFoundError(error)) return;
      throw error;
    }
  }

  async enableUser(email: string): Promise<void> {
    await this.client.send(
      new AdminEnableUserCommand({ UserPoolId: this.config.userPoolId, Username: email }),
    );
  }

  async setRole(email: string, role: Role): Promise<void> {
    await this.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.config.userPoolId,
        Username: email,
        UserAttributes: [{ Name: claimNames.role, Value: role }],
      }),
    );
  }

  async revokeRefreshToken(refreshToken: string): Promise<void> {
    try {
      await this.client.send(
        new RevokeTokenCommand({ ClientId: this.config.userPoolClientId, Token: refreshToken }),
      );
    } catch (error) {
      if (isDeadRefreshTokenError(error)) return;
      throw error;
    }
  }

  async signIn(email: string, password: string): Promise<AuthTokens> {
    const result = await mapped('signIn', () =>
      this.client.send(
        new InitiateAuthCommand({
          ClientId: this.config.userPoolClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      ),
    );
    return toTokens(result.AuthenticationResult, {
      name: result.ChallengeName,
      session: result.Session,
    });
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    const result = await mapped('refresh', () =>
      this.client.send(
        new InitiateAuthCommand({
          ClientId: this.config.userPoolClientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    );
    return toTokens(result.AuthenticationResult);
  }

  async setPassword(email: string, password: string): Promise<void> {
    await mapped('setPassword', () =>
      this.client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: this.config.userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      ),
    );
  }

  async signOutEverywhere(email: string): Promise<void> {
    await this.client.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: this.config.userPoolId, Username: email }),
    );
  }

  async markEmailVerified(email: string): Promise<void> {
    await this.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: this.config.userPoolId,
        Username: email,
        // With the address itself: cognito-local refuses email_verified alone (AWS takes either).
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
  }

  async changeEmail(currentEmail: string, newEmail: string): Promise<void> {
    await mapped('changeEmail', () =>
      this.client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: this.config.userPoolId,
          Username: currentEmail,
          // Verified at once: the API checked the mailed code (else AWS would mail its own).
          UserAttributes: [
            { Name: 'email', Value: newEmail },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      ),
    );
  }

  async answerMfaChallenge(
    email: string,
    challengeSession: string,
    code: string,
  ): Promise<AuthTokens> {
    const result = await mapped('totpCode', () =>
      this.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: this.config.userPoolClientId,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: challengeSession,
          ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      ),
    );
    return toTokens(result.AuthenticationResult);
  }

  async associateTotp(accessToken: string): Promise<string> {
    const result = await this.client.send(
      new AssociateSoftwareTokenCommand({ AccessToken: accessToken }),
    );
    if (!result.SecretCode) throw new Error('Cognito associated a software token without a secret');
    return result.SecretCode;
  }

  async enableTotp(accessToken: string, code: string): Promise<void> {
    const verified = await mapped('totpCode', () =>
      this.client.send(
        new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code }),
      ),
    );
    if (verified.Status !== 'SUCCESS') throw new InvalidCodeError();
    await this.setTotpPreference(accessToken, true);
  }

  async disableTotp(accessToken: string): Promise<void> {
    await this.setTotpPreference(accessToken, false);
  }

  private async setTotpPreference(accessToken: string, enabled: boolean): Promise<void> {
    await this.client.send(
      new SetUserMFAPreferenceCommand({
        AccessToken: accessToken,
        SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled },
      }),
    );
  }
}

export const userDirectory = once((): UserDirectory => {
  const config = identityConfig();
  return new CognitoUserDirectory(traced(new CognitoIdentityProviderClient(config.client)), config);
});
