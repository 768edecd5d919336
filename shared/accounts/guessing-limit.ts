/**
 * The one place every failed guess at a credential is reported: a wrong password, a wrong, expired or
 * reused code. The per-email and per-IP limiter of the public routes (the API's rate-limit middleware
 * and its store) counts these; until it is wired here, reporting is all this does.
 */

export interface FailedAttempt {
  /** The account the guess was aimed at (lowercased email), when the request named one. */
  readonly email?: string;
  readonly sourceIp: string;
  /** What was guessed: for the limiter's metrics and its per-kind budgets. */
  readonly kind: 'password' | 'code' | 'mfa';
}

export async function recordFailedAttempt(_attempt: FailedAttempt): Promise<void> {
  // Deliberately empty: the rate-limit store counts failures once it is connected here.
}
