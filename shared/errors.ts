/**
 * Typed domain errors: thrown anywhere in shared/, turned into HTTP in exactly one place
 * (shared/http/error-response.ts). Also the one classification of a dependency's failure (network,
 * timeout, throttling, 5xx of DynamoDB, Cognito, SQS, S3, STS) as a ServiceUnavailableError.
 */
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';

export type ErrorCode =
  | 'validation_failed'
  | 'invalid_code'
  | 'unauthorized'
  | 'plan_limit_reached'
  | 'subscription_inactive'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'precondition_failed'
  | 'idempotency_mismatch'
  | 'precondition_required'
  | 'rate_limited'
  | 'quota_exceeded'
  | 'feature_disabled'
  | 'tenant_suspended'
  | 'internal'
  | 'service_unavailable';

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

/** A 429: the caller may retry after `retryAfterSeconds`; `headers` describe the limit (RateLimit…). */
abstract class TooManyRequestsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    details?: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message, details);
  }
}

/** How long a client should wait before retrying after a dependency failed, in seconds. */
export const outageRetryAfterSeconds = 5;

/** A dependency (database, identity provider, queue, storage) is down, slow or throttling us. */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'service_unavailable';
  readonly retryAfterSeconds = outageRetryAfterSeconds;
}

type SdkError = Parameters<typeof isTransientError>[0];

type SdkLikeError = SdkError & {
  readonly CancellationReasons?: readonly { readonly Code?: string }[];
};

/** A DynamoDB transaction cancelled because an item was throttled, not because of a condition. */
function throttledTransaction(error: SdkLikeError): boolean {
  return (error.CancellationReasons ?? []).some(
    (reason) =>
      reason.Code === 'ThrottlingError' || reason.Code === 'ProvisionedThroughputExceeded',
  );
}

/**
 * The ServiceUnavailableError for an error that says a dependency failed rather than the request,
 * as the AWS SDK's own retry strategy classifies it (network errors, timeouts, throttling, 5xx),
 * after the SDK has used up its retries; undefined for anything else (a bug stays a 500).
 */
export function serviceUnavailableFrom(error: unknown): ServiceUnavailableError | undefined {
  if (error instanceof ServiceUnavailableError) return error;
  if (!(error instanceof Error) || error instanceof DomainError) return undefined;
  const sdkError = error as SdkLikeError;
  const failed =
    isThrottlingError(sdkError) ||
    isTransientError(sdkError) ||
    isServerError(sdkError) ||
    throttledTransaction(sdkError);
  return failed
    ? new ServiceUnavailableError(
        'A service this request needs is unavailable; retry shortly',
        undefined,
        {
          cause: error,
        },
      )
    : undefined;
}

export class RateLimitedError extends TooManyRequestsError {
  readonly code = 'rate_limited';
}

/** The tenant's monthly request quota is used up until the period resets. */
export class QuotaExceededError extends TooManyRequestsError {
  readonly code = 'quota_exceeded';
}

export function isTooManyRequests(error: unknown): error is TooManyRequestsError {
  return error instanceof TooManyRequestsError;
}

/** An operator suspended the caller's tenant: nothing runs until it is reactivated. */
export class TenantSuspendedError extends DomainError {
  readonly code = 'tenant_suspended';

  constructor() {
    super('This tenant is suspended; contact support');
  }
}

/** The route needs a feature the caller's tenant does not have. */
export class FeatureDisabledError extends DomainError {
  readonly code = 'feature_disabled';
}
