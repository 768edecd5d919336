/** Typed domain errors: thrown anywhere in shared/, turned into HTTP in exactly one place (shared/http/error-response.ts). */

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_code'
  | 'unauthorized'
  | 'plan_limit_reached'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'idempotency_mismatch'
  | 'precondition_required'
  | 'rate_limited'
  | 'internal';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: unknown;

  constructor(message: string, details?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.details = details ?? null;
  }
}

export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
}

/**
 * A one-time code (email verification, password reset, MFA) that is wrong, expired, used, void after
 * too many tries or another user's: one answer for all, so a guess learns nothing but "no".
 */
export class InvalidCodeError extends DomainError {
  readonly code = 'invalid_code';

  constructor() {
    super('The code is wrong, expired or already used');
  }
}

export class UnauthorizedError extends DomainError {
  readonly code = 'unauthorized';
}

export class PlanLimitError extends DomainError {
  readonly code = 'plan_limit_reached';
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class GoneError extends DomainError {
  readonly code = 'gone';
}

export class PreconditionFailedError extends DomainError {
  readonly code = 'precondition_failed';
}

export class IdempotencyMismatchError extends DomainError {
  readonly code = 'idempotency_mismatch';
}

export class PreconditionRequiredError extends DomainError {
  readonly code = 'precondition_required';
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
  ) {
    super(message, details);
  }
}
