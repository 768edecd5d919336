/** The one place where errors become HTTP responses; a 5xx never carries internals. */
import {
  DomainError,
  type ErrorCode,
  isTooManyRequests,
  ServiceUnavailableError,
  serviceUnavailableFrom,
} from '#shared/errors.ts';

export const statusByCode: Readonly<Record<ErrorCode, number>> = {
  validation_failed: 400,
  invalid_code: 400,
  unauthorized: 401,
  plan_limit_reached: 402,
  subscription_inactive: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  precondition_failed: 412,
  idempotency_mismatch: 422,
  precondition_required: 428,
  rate_limited: 429,
  quota_exceeded: 429,
  feature_disabled: 403,
  tenant_suspended: 403,
  internal: 500,
  service_unavailable: 503,
};

export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly details: unknown };
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: ErrorBody;
}

export function errorBody(code: ErrorCode, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** A dependency's failure (see serviceUnavailableFrom) is a 503 with Retry-After; other errors a 500. */
export function toErrorResponse(thrown: unknown): ErrorResponse {
  const error = serviceUnavailableFrom(thrown) ?? thrown;
  if (error instanceof DomainError) {
    const headers: Record<string, string> = isTooManyRequests(error)
      ? { ...error.headers, 'retry-after': String(error.retryAfterSeconds) }
      : error instanceof ServiceUnavailableError
        ? { 'retry-after': String(error.retryAfterSeconds) }
        : {};
    return {
      statusCode: statusByCode[error.code],
      headers,
      body: errorBody(error.code, error.message, error.details),
    };
  }
  return { statusCode: 500, headers: {}, body: errorBody('internal', 'Internal server error') };
}
