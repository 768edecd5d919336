/**
 * The HTTP side of idempotent creates: the Idempotency-Key header's format and the fingerprint of a
 * request body. Free of any AWS SDK import, because every function's middleware stack loads it and
 * most functions never write an idempotency record (shared/data/idempotency.ts does that).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';

/** Printable ASCII without spaces, as most clients generate (UUIDs, ULIDs, hashes). */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable ASCII characters'));

export interface IdempotencyRequest {
  /** The client's Idempotency-Key. */
  readonly key: string;
  /** Which operation the key belongs to, so one key on two routes does not collide. */
  readonly operation: string;
  /** Hash of the validated request body. */
  readonly fingerprint: string;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Same body in any key order and whitespace → same fingerprint. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}
