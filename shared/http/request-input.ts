/** Parses and validates the parts of an API Gateway request with zod; every failure is a 400 with details. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type * as z from 'zod/mini';
import { ValidationError } from '#shared/errors.ts';
import '#shared/validation/english-messages.ts';

/** Bodies are small JSON documents; anything larger is refused before parsing. */
export const maxBodyBytes = 32 * 1024;

export type InputLocation = 'body' | 'query' | 'path' | 'header';

export interface ValidationDetail {
  readonly location: InputLocation;
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

export function validate<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  location: InputLocation,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details: ValidationDetail[] = result.error.issues.map((issue) => ({
    location,
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  throw new ValidationError(`Invalid request ${location}`, details);
}

/** The body as the client sent it (base64 bodies decoded), size-capped; none for an empty body. */
export function readRawBody(event: APIGatewayProxyEvent): string | undefined {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const bytes = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64')
    : Buffer.from(event.body, 'utf8');
  if (bytes.byteLength > maxBodyBytes) {
    throw new ValidationError(`Request body exceeds ${maxBodyBytes} bytes`, [
      { location: 'body', path: '', code: 'too_big', message: `at most ${maxBodyBytes} bytes` },
    ]);
  }
  return bytes.toString('utf8');
}

/**
 * The JSON body `text`, validated; a route without a body schema accepts no body at all, unless it
 * takes its body raw (`acceptsRaw`), unparsed.
 */
export function parseBody<S extends z.ZodMiniType>(
  text: string | undefined,
  schema: S | undefined,
  acceptsRaw = false,
): z.output<S> | undefined {
  if (acceptsRaw) return undefined;
  if (schema === undefined) {
    if (text !== undefined && text.trim() !== '') {
      throw new ValidationError('This route takes no request body');
    }
    return undefined;
  }
  if (text === undefined) throw new ValidationError('A JSON request body is required');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError('Request body is not valid JSON');
  }
  return validate(schema, json, 'body');
}

/** Query string and path parameters, validated; unknown parameters are refused like unknown fields. */
export function parseParameters<S extends z.ZodMiniType>(
  parameters: Record<string, string | undefined> | null,
  schema: S | undefined,
  location: 'query' | 'path',
): z.output<S> | undefined {
  const present = parameters ?? {};
  if (schema === undefined) {
    if (location === 'query' && Object.keys(present).length > 0) {
      throw new ValidationError('This route takes no query parameters', [
        ...Object.keys(present).map((name) => ({
          location,
          path: name,
          code: 'unrecognized_keys',
          message: 'unknown parameter',
        })),
      ]);
    }
    return undefined;
  }
  return validate(schema, present, location);
}

export function lowerCaseHeaders(
  headers: Record<string, string | undefined> | null,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
}
