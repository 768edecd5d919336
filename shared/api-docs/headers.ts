/** The HTTP headers the OpenAPI document declares: what requests send and what answers carry. */
import type { RequestHeader } from '#shared/http/route.ts';

type JsonObject = Record<string, unknown>;

const stringSchema = { type: 'string' } as const;

/**
 * Response headers, as `components.headers`. `required` ones are on every answer that names them
 * (the e2e contract check holds the API to it); the rate-limit pair is optional until the limiter
 * sends it on every tenant answer.
 */
export const documentedHeaders = {
  'x-request-id': {
    description: 'The request id; the logs of this request carry it too',
    required: true,
    schema: stringSchema,
  },
  ETag: {
    description: 'The entity tag of the current version; send it back as `If-Match` to change it',
    required: true,
    schema: { type: 'string', pattern: '^"[0-9]+"$' },
  },
  Location: {
    description: 'Where the created or named resource is',
    required: true,
    schema: stringSchema,
  },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same key',
    required: false,
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before retrying',
    required: true,
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  RateLimit: {
    description:
      'The current rate-limit window: remaining requests and seconds to reset (IETF draft)',
    required: false,
    schema: stringSchema,
  },
  'RateLimit-Policy': {
    description: "The tenant's rate-limit policy: requests per window (IETF draft)",
    required: false,
    schema: stringSchema,
  },
} as const satisfies Record<string, JsonObject>;

export type DocumentedHeader = keyof typeof documentedHeaders;

export function headerRef(name: DocumentedHeader): JsonObject {
  return { $ref: `#/components/headers/${name}` };
}

export const requestHeaderParameters: Record<
  RequestHeader | 'Idempotency-Key' | 'If-None-Match',
  JsonObject
> = {
  'If-Match': {
    in: 'header',
    name: 'If-Match',
    required: true,
    description: 'The entity tag the change is based on (`*`: any current version)',
    schema: stringSchema,
    example: '"1"',
  },
  'If-None-Match': {
    in: 'header',
    name: 'If-None-Match',
    required: false,
    description: 'An entity tag the client holds; the answer is 304 while it is current',
    schema: stringSchema,
  },
  'Idempotency-Key': {
    in: 'header',
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key and body → the first answer again; another body → 422; kept 24 h',
    schema: { type: 'string', minLength: 1, maxLength: 128 },
  },
  'Stripe-Signature': {
    in: 'header',
    name: 'Stripe-Signature',
    required: true,
    description: "Stripe's signature over the raw body",
    schema: stringSchema,
  },
};
