/**
 * How an operator signs in. TOTP is required: the first sign-in with the password answers the
 * secret of a new authenticator (`MFA_SETUP`), `mfa/setup` confirms it with a first code and answers
 * tokens; every later sign-in answers Cognito's TOTP challenge, which `login/mfa` finishes with a
 * code. No route ever hands out a token of an operator without an authenticator.
 */
import { otpauthUri } from '#shared/accounts/totp-enrolment.ts';
import { ConflictError } from '#shared/errors.ts';
import { type AuthTokens, MfaChallengeError, type UserDirectory } from '#shared/identity/model.ts';

/** What authenticator apps show above an operator's code: not the tenants' issuer name. */
const issuer = 'TenantKit operators';
/** Cognito's challenge session lives three minutes. */
const challengeLifetimeSeconds = 180;

export type OperatorLogin =
  | {
      readonly challenge: 'MFA_SETUP';
      /** Base32 secret of the new authenticator, for apps that cannot scan the URI. */
      readonly secret: string;
      readonly otpauthUri: string;
    }
  | {
      readonly challenge: 'SOFTWARE_TOKEN_MFA';
      /** Cognito's session: send it back with the email and a code. */
      readonly session: string;
      readonly expiresIn: number;
    };

export interface Credentials {
  readonly email: string;
  readonly password: string;
}

/**
 * The first step of every sign-in. An operator without an authenticator gets a fresh secret: the
 * tokens the password alone earned are used once, for that, and revoked.
 */
export async function logInOperator(
  { email, password }: Credentials,
  directory: UserDirectory,
): Promise<OperatorLogin> {
  let tokens: AuthTokens;
  try {
    tokens = await directory.signIn(email, password);
  } catch (error) {
    if (!(error instanceof MfaChallengeError)) throw error;
    return {
      challenge: 'SOFTWARE_TOKEN_MFA',
      session: error.challengeSession,
      expiresIn: challengeLifetimeSeconds,
    };
  }
  try {
    const secret = await directory.associateTotp(tokens.accessToken);
    return { challenge: 'MFA_SETUP', secret, otpauthUri: otpauthUri(issuer, email, secret) };
  } finally {
    if (tokens.refreshToken !== undefined) await directory.revokeRefreshToken(tokens.refreshToken);
  }
}

/** Confirms the authenticator of `login`'s MFA_SETUP with its first code: the operator's first tokens. */
export async function enrolOperatorTotp(
  input: Credentials & { readonly code: string },
  directory: UserDirectory,
): Promise<AuthTokens> {
  let tokens: AuthTokens;
  try {
    tokens = await directory.signIn(input.email, input.password);
  } catch (error) {
    if (error instanceof MfaChallengeError) {
      throw new ConflictError('An authenticator is enrolled already: sign in with its code');
    }
    throw error;
  }
  await directory.enableTotp(tokens.accessToken, input.code);
  return tokens;
}

/** Finishes a sign-in that answered SOFTWARE_TOKEN_MFA. */
export function finishOperatorMfa(
  input: { readonly email: string; readonly session: string; readonly code: string },
  directory: UserDirectory,
): Promise<AuthTokens> {
  return directory.answerMfaChallenge(input.email, input.session, input.code);
}
