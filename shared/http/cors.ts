/**
 * CORS for browsers on the origins a stage allows (stage setting `corsOrigins`): the headers every
 * answer carries for an allowed origin, and the preflight answer. Plain data, so CDK (preflight and
 * gateway responses), the handlers and the local gateway answer alike.
 */

/** Request headers a browser may send: the API's own (auth, preconditions, idempotency). */
export const corsAllowedHeaders = [
  'Authorization',
  'Content-Type',
  'Idempotency-Key',
  'If-Match',
  'If-None-Match',
] as const;

/** Response headers a browser script may read besides the CORS-safelisted ones. */
export const corsExposedHeaders = ['ETag', 'Location', 'Retry-After', 'x-request-id'] as const;

export const corsAllowedMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** Browsers cache a preflight this long (Chrome caps it at 2 h). */
export const corsMaxAgeSeconds = 3600;

/** The origins of `CORS_ALLOWED_ORIGINS` (comma-separated, as the stack sets it). */
export function parseCorsOrigins(value: string | undefined): readonly string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/**
 * The CORS headers of an answer to a request from `origin`: the origin echoed when allowed (never
 * `*`: the list is the policy), and `Vary: Origin` whenever CORS is on, so no cache serves one
 * origin's answer to another. Empty when CORS is off.
 */
export function corsHeaders(
  allowedOrigins: readonly string[],
  origin: string | undefined,
): Record<string, string> {
  if (allowedOrigins.length === 0) return {};
  if (origin === undefined || !allowedOrigins.includes(origin)) return { vary: 'Origin' };
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': corsExposedHeaders.join(','),
    vary: 'Origin',
  };
}

/** The preflight answer's headers (OPTIONS): what the browser may send, for an allowed origin only. */
export function corsPreflightHeaders(
  allowedOrigins: readonly string[],
  origin: string | undefined,
): Record<string, string> {
  const headers = corsHeaders(allowedOrigins, origin);
  if (!('access-control-allow-origin' in headers)) return headers;
  return {
    ...headers,
    'access-control-allow-methods': corsAllowedMethods.join(','),
    'access-control-allow-headers': corsAllowedHeaders.join(','),
    'access-control-max-age': String(corsMaxAgeSeconds),
  };
}
