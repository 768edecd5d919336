/**
 * The one place every guess at an account's credentials is limited and every failed one reported: a
 * wrong password (login, or the current password a change asks for), a wrong, expired or reused
 * mailed code, a wrong TOTP code. They share the sign-in failure budgets of the email and of the
 * (email, source IP) pair (shared/limits/public-limits.ts), so a guesser gains nothing by moving
 * from the login to another route that checks the password.
 */
import { chargeSignInFailure, checkSignInBudget } from '#shared/limits/request-limiter.ts';
import { logger } from '#shared/observability/logger.ts';

export interface GuessSource {
  /** The account the guess is aimed at (its sign-in email), when the request names one. */
  readonly email?: string;
  readonly sourceIp: string;
}

export interface FailedAttempt extends GuessSource {
  /** What was guessed, for the log line. */
  readonly kind: 'password' | 'code' | 'mfa';
}

/** RateLimitedError (429, Retry-After) when the budget of the email or of the pair is spent. */
export async function assertGuessesLeft({ email, sourceIp }: GuessSource): Promise<void> {
  // Without an email only the route's source-IP bucket limits (a malformed MFA session).
  if (email !== undefined) await checkSignInBudget(email, sourceIp);
}

/** Charges one failure to both budgets; call it once per refused guess, where it is refused. */
export async function recordFailedAttempt({ email, sourceIp, kind }: FailedAttempt): Promise<void> {
  logger.info('Failed guess at a credential', { kind });
  if (email !== undefined) await chargeSignInFailure(email, sourceIp);
}
