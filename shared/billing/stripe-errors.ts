/**
 * Stripe's failures in our terms: Stripe unreachable, slow, rate limiting or failing (5xx) is a
 * dependency outage (503 with Retry-After); an idempotency key reused with other parameters is the
 * client's 422. Anything else (a bad request we built) stays a 500: it is a bug of ours.
 */
import Stripe from 'stripe';
import { IdempotencyMismatchError, ServiceUnavailableError } from '#shared/errors.ts';

export function fromStripeError(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    return new IdempotencyMismatchError('Idempotency-Key reused with another request', undefined, {
      cause: error,
    });
  }
  const outage =
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeAPIError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAuthenticationError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500);
  return outage
    ? new ServiceUnavailableError('Stripe is unavailable; retry shortly', undefined, {
        cause: error,
      })
    : error;
}

/** Runs one Stripe call, its failure translated by fromStripeError. */
export async function callStripe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromStripeError(error);
  }
}
