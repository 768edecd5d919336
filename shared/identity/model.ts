/** The identity provider as the domain sees it: users, passwords and tokens. */
import type { Role } from '#shared/auth/roles.ts';
import { UnauthorizedError } from '#shared/errors.ts';

export interface AuthTokens {
  /** Carries the tenant and role claims; the API takes it as the bearer token. */
  readonly idToken: string;
  readonly accessToken: string;
  /** Absent on refresh: the refresh token itself does not rotate. */
  readonly refreshToken?: string;
  readonly expiresIn: number;
  readonly tokenType: 'Bearer';
}

export interface NewUser {
  readonly email: string;
  readonly password: string;
  readonly tenantId: string;
  readonly role: Role;
  /**
   * Cognito's `email_verified`. Sign-up passes false (the owner proves the address with a mailed
   * code); an invitee's address is proven by the accepted token. @default true
   */
  readonly emailVerified?: boolean;
}

export interface DirectoryUser {
  readonly userId: string;
  readonly tenantId: string | undefined;
  readonly createdAt: Date;
}

/** Persistence port for sign-in identities (Cognito on AWS and locally). */
export interface UserDirectory {
  /** Creates a confirmed user; ValidationError for a password the pool refuses, ConflictError when the email exists. */
  createUser(user: NewUser): Promise<{ userId: string }>;
  findUser(email: string): Promise<DirectoryUser | undefined>;
  deleteUser(email: string): Promise<void>;
  /** UnauthorizedError for a wrong email or password. */
  signIn(email: string, password: string): Promise<AuthTokens>;
  /** UnauthorizedError for an unknown, expired or revoked refresh token. */
  refresh(refreshToken: string): Promise<AuthTokens>;
  /**
   * Revokes a refresh token (and, on AWS, the access tokens issued with it). A token that is
   * already revoked, expired or unknown is not an error: the outcome the caller wants holds.
   */
  revokeRefreshToken(refreshToken: string): Promise<void>;
  /** Blocks the user from signing in; a user that does not exist is already blocked. */
  disableUser(email: string): Promise<void>;
  enableUser(email: string): Promise<void>;
  /** Keeps the custom:role claim of the user's next tokens in step with the member item. */
  setRole(email: string, role: Role): Promise<void>;
  /** Sets a new permanent password; ValidationError for one the pool refuses. */
  setPassword(email: string, password: string): Promise<void>;
  /** Revokes every refresh token of the user (AdminUserGlobalSignOut). */
  signOutEverywhere(email: string): Promise<void>;
  markEmailVerified(email: string): Promise<void>;
  /**
   * Makes `newEmail` the user's sign-in email, verified; the old one no longer signs in.
   * ConflictError when another user signs in with it.
   */
  changeEmail(currentEmail: string, newEmail: string): Promise<void>;
  /** Finishes a sign-in that answered MfaChallengeError; InvalidCodeError for a wrong code. */
  answerMfaChallenge(email: string, challengeSession: string, code: string): Promise<AuthTokens>;
  /** Starts a TOTP enrolment with a fresh access token of the user: the new secret (base32). */
  associateTotp(accessToken: string): Promise<string>;
  /** Confirms the enrolment with a first code and makes TOTP the user's second factor. */
  enableTotp(accessToken: string, code: string): Promise<void>;
  disableTotp(accessToken: string): Promise<void>;
}

/**
 * The password was right and Cognito asks for the TOTP code: no tokens yet. An UnauthorizedError, so
 * any caller that does not finish the challenge answers 401 rather than a half sign-in.
 */
export class MfaChallengeError extends UnauthorizedError {
  constructor(
    /** Cognito's challenge session; stays on the server (see shared/accounts/mfa-sign-in.ts). */
    readonly challengeSession: string,
  ) {
    super('Sign-in needs the code of your authenticator app');
  }
}
