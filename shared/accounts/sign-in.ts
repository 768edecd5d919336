/**
 * Login as the API answers it: tokens, or for a user with MFA the challenge that
 * `POST /v1/auth/login/mfa` finishes. Every refused password is reported as a failed attempt.
 */
import { type LogInDependencies, logIn } from '#shared/auth/sessions.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import { type AuthTokens, MfaChallengeError } from '#shared/identity/model.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { recordFailedAttempt } from './guessing-limit.ts';
import { type MfaChallenge, startMfaSignIn } from './mfa-sign-in.ts';
import type { AccountStore } from './model.ts';
import { changePassword } from './passwords.ts';

export async function logInOrChallenge(
  credentials: { readonly email: string; readonly password: string },
  meta: RequestMeta,
  deps: LogInDependencies & { readonly accounts: AccountStore },
): Promise<AuthTokens | MfaChallenge> {
  try {
    return await logIn(credentials, meta, deps);
  } catch (error) {
    if (error instanceof MfaChallengeError) {
      return startMfaSignIn(credentials.email, error.challengeSession, deps);
    }
    if (error instanceof UnauthorizedError) {
      await recordFailedAttempt({
        email: credentials.email,
        sourceIp: meta.sourceIp,
        kind: 'password',
      });
    }
    throw error;
  }
}

/**
 * Changes the password, which ends every session of the user, this one included, and signs the
 * caller in again with the new password: the answer is what a login answers (tokens, or the MFA
 * challenge), so only the caller's other sessions stay ended.
 */
export async function changePasswordAndSignIn(
  caller: Caller,
  input: { readonly currentPassword: string; readonly newPassword: string },
  deps: LogInDependencies & { readonly accounts: AccountStore; readonly tenants: TenantStore },
): Promise<AuthTokens | MfaChallenge> {
  const { email } = await changePassword(caller, input, { ...deps, store: deps.accounts });
  return logInOrChallenge({ email, password: input.newPassword }, caller.meta, deps);
}
