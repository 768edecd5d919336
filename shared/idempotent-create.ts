/**
 * The retry loop of every idempotent create. An attempt either creates, or finds its
 * Idempotency-Key used: then the stored response answers (a replay), or, when that record expired
 * between the two calls, the key is free again and the create is tried once more. An attempt may
 * also ask for another try after it repaired something (seats held by expired invitations).
 */
import type { IdempotencyRequest, StoredResponse } from '#shared/data/idempotency.ts';

export type CreateAttempt<T> =
  | { readonly kind: 'created'; readonly body: T }
  | { readonly kind: 'keyAlreadyUsed' }
  | { readonly kind: 'tryAgain' };

export interface IdempotentCreate<T> {
  /** One try at `at`; a new id each time, so a retry never collides with itself. */
  readonly attempt: (at: Date) => Promise<CreateAttempt<T>>;
  readonly storedResponse: (
    request: IdempotencyRequest,
    now: Date,
  ) => Promise<StoredResponse | undefined>;
  readonly now: () => Date;
}

export interface CreateResponse<T> {
  readonly body: T;
  /** True when this answers a retry of an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

const maxAttempts = 3;

export async function createIdempotently<T>(
  idempotency: IdempotencyRequest | undefined,
  { attempt, storedResponse, now }: IdempotentCreate<T>,
): Promise<CreateResponse<T>> {
  for (let tries = 1; tries <= maxAttempts; tries++) {
    const at = now();
    const outcome = await attempt(at);
    if (outcome.kind === 'created') return { body: outcome.body, replayed: false };
    if (outcome.kind === 'tryAgain') continue;
    // Without a key there is no record to collide with: the store broke its contract.
    if (!idempotency) break;
    const stored = await storedResponse(idempotency, at);
    if (stored) return { body: stored.body as T, replayed: true };
  }
  throw new Error('Idempotent create did not settle');
}
