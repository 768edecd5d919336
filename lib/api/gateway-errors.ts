/**
 * The errors API Gateway itself answers (no route, no token, throttled…) in our error shape. Plain
 * data with no CDK import, so the local gateway can answer the same bodies for the same cases.
 */
import { type ErrorCode, outageRetryAfterSeconds } from '#shared/errors.ts';
import { errorBody, statusByCode } from '#shared/http/error-response.ts';

/** API Gateway gateway-response types we customise (the names are API Gateway's). */
export type GatewayResponseType =
  | 'UNAUTHORIZED'
  | 'EXPIRED_TOKEN'
  | 'ACCESS_DENIED'
  | 'INVALID_API_KEY'
  | 'WAF_FILTERED'
  | 'MISSING_AUTHENTICATION_TOKEN'
  | 'RESOURCE_NOT_FOUND'
  | 'THROTTLED'
  | 'QUOTA_EXCEEDED'
  | 'REQUEST_TOO_LARGE'
  | 'BAD_REQUEST_BODY'
  | 'BAD_REQUEST_PARAMETERS'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'AUTHORIZER_FAILURE'
  | 'INTEGRATION_TIMEOUT'
  | 'DEFAULT_4XX'
  | 'DEFAULT_5XX';

export interface GatewayError {
  /** One of the API's error codes; the status is the code's, as everywhere else in the API. */
  readonly code: ErrorCode;
  readonly message: string;
  /** Extra response headers, e.g. Retry-After on throttling. */
  readonly headers?: Readonly<Record<string, string>>;
}

export const gatewayErrors: Readonly<Record<GatewayResponseType, GatewayError>> = {
  UNAUTHORIZED: { code: 'unauthorized', message: 'Authentication required' },
  EXPIRED_TOKEN: { code: 'unauthorized', message: 'Authentication required' },
  ACCESS_DENIED: { code: 'forbidden', message: 'Access denied' },
  INVALID_API_KEY: { code: 'forbidden', message: 'Access denied' },
  WAF_FILTERED: { code: 'forbidden', message: 'Access denied' },
  // API Gateway answers an unknown path or method with 403 "Missing Authentication Token".
  MISSING_AUTHENTICATION_TOKEN: { code: 'not_found', message: 'Not found' },
  RESOURCE_NOT_FOUND: { code: 'not_found', message: 'Not found' },
  THROTTLED: {
    code: 'rate_limited',
    message: 'Too many requests',
    headers: { 'Retry-After': '1' },
  },
  // A monthly quota has no meaningful static Retry-After, so none is sent.
  QUOTA_EXCEEDED: { code: 'rate_limited', message: 'Request quota exhausted' },
  // validation_failed is a 400, so API Gateway's 413 and 415 become 400 like our own checks.
  REQUEST_TOO_LARGE: { code: 'validation_failed', message: 'Request too large' },
  BAD_REQUEST_BODY: { code: 'validation_failed', message: 'Invalid request' },
  BAD_REQUEST_PARAMETERS: { code: 'validation_failed', message: 'Invalid request' },
  UNSUPPORTED_MEDIA_TYPE: { code: 'validation_failed', message: 'Unsupported media type' },
  // The authorizer threw something other than "Unauthorized" (a dependency down, its own timeout or
  // throttling): a REST authorizer has no other way to say it, and its results are not cached.
  AUTHORIZER_FAILURE: {
    code: 'service_unavailable',
    message: 'Authorization is unavailable; retry shortly',
    headers: { 'Retry-After': String(outageRetryAfterSeconds) },
  },
  // A function that outlived API Gateway's 29 s: the SDK timeouts make this a dependency that hung.
  INTEGRATION_TIMEOUT: {
    code: 'service_unavailable',
    message: 'The service did not answer in time; retry shortly',
    headers: { 'Retry-After': String(outageRetryAfterSeconds) },
  },
  // Anything else the gateway refuses is a request it cannot accept as sent.
  DEFAULT_4XX: { code: 'validation_failed', message: 'Invalid request' },
  // Authorizer crashes, integration errors and timeouts: never leak internals.
  DEFAULT_5XX: { code: 'internal', message: 'Internal server error' },
};

export function gatewayErrorStatus(error: GatewayError): number {
  return statusByCode[error.code];
}

/** The response body, exactly as handlers write errors: `{"error":{"code","message","details":null}}`. */
export function gatewayErrorBody(error: GatewayError): string {
  return JSON.stringify(errorBody(error.code, error.message));
}
