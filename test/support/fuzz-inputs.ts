/**
 * Hostile inputs for the API fuzz suite, as fast-check arbitraries: strings (unicode, control
 * characters, sizes, injection and key-shaped text), JSON bodies shaped after an operation's schema
 * with prototype-pollution keys, malformed JSON, query strings and headers.
 */
import fc from 'fast-check';
import { maxBodyBytes } from '#shared/http/request-input.ts';

/** Text an attacker tries first: prototype keys, paths, numbers at the edges, keys of our table. */
const knownBad = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '../../etc/passwd',
  '..%2F..%2F',
  '%00',
  '%',
  '%E0%A4%A',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9007199254740993',
  '-0',
  "' OR '1'='1",
  '{"$ne":null}',
  '<script>alert(1)</script>',
  'T#01JD3ZP5Q9W8X7V6T5S4R3Q2P1',
  'EMAIL#owner@example.test',
  '\u0000',
  '\uD800',
  '\u202E',
  'ǅ',
  '🚀🚀🚀',
  ' ',
  '',
] as const;

/** Hostile text up to `maxLength` characters (URLs stay well below the 8 KiB a server takes). */
export function hostileText(maxLength: number): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...knownBad),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.nat({ max: maxLength }).map((length) => 'a'.repeat(length)),
    fc.ulid(),
    fc.uuid(),
  );
}

/** Hostile text for bodies, up to beyond the body size cap. */
export const hostileString: fc.Arbitrary<string> = hostileText(40_000);

/** Hostile text for path segments and query strings. */
export const hostileUrlText: fc.Arbitrary<string> = hostileText(1_000);

/** Printable ASCII only: what fetch lets a header value carry. */
export const hostileHeaderValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '*',
    '"1"',
    'W/"1"',
    '"9007199254740993"',
    '"abc"',
    '""',
    '"-1"',
    '1',
    '"1", "2"',
  ),
  fc.string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
    maxLength: 200,
  }),
);

const pollutionKeys = ['__proto__', 'constructor', 'prototype'] as const;

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(1e308, -1, 0.5, 2 ** 53 + 2, true, null, [], {}),
);

/** A JSON object as text, so `__proto__` is sent as the plain key it is on the wire. */
function objectText(entries: readonly (readonly [string, unknown])[]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

/** Bodies for an operation whose request schema has `properties` (none: any JSON is hostile). */
export function hostileBody(properties: readonly string[]): fc.Arbitrary<string | undefined> {
  const key = fc.oneof(
    ...(properties.length > 0 ? [fc.constantFrom(...properties)] : []),
    fc.constantFrom(...pollutionKeys),
    hostileString,
  );
  return fc.oneof(
    // Shaped after the schema, with wrong types, sizes and extra keys.
    fc.array(fc.tuple(key, jsonValue), { maxLength: 6 }).map(objectText),
    // Prototype pollution aimed at every object the handler may merge into.
    fc
      .constantFrom(...pollutionKeys)
      .map((name) => objectText([[name, { role: 'owner', isAdmin: true }]])),
    // Any JSON at all, and text that is not JSON.
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    hostileString,
    fc.constantFrom('{', '{"a":', '[1,2', '{"a":1}}', 'nul', '\u0000{}', '\uFEFF{}'),
    // Deep nesting and bodies at and over the size cap.
    fc.integer({ min: 1, max: 5_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
    fc
      .constantFrom(maxBodyBytes - 20, maxBodyBytes + 1)
      .map((size) => objectText([[properties[0] ?? 'a', 'x'.repeat(size)]])),
    fc.constant(undefined),
  );
}

/** Query strings mixing the documented parameters with unknown ones, hostile values, repeats. */
export function hostileQuery(names: readonly string[]): fc.Arbitrary<string> {
  const name = fc.oneof(...(names.length > 0 ? [fc.constantFrom(...names)] : []), hostileUrlText);
  const value = fc.oneof(
    hostileUrlText,
    fc.integer({ min: -1_000, max: 1_000 }).map(String),
    // Cursors: base64url noise, truncated and padded.
    fc
      .base64String({ maxLength: 200 })
      .map((text) => text.replaceAll('+', '-').replaceAll('/', '_')),
  );
  return fc
    .array(fc.tuple(name, value), { maxLength: 4 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${new URLSearchParams(pairs).toString()}`));
}

/** Headers a client may send wrong: preconditions, idempotency keys, content types. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'if-match': hostileHeaderValue,
    'if-none-match': hostileHeaderValue,
    'idempotency-key': hostileHeaderValue,
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=utf-16',
      '',
    ),
    'stripe-signature': hostileHeaderValue,
  },
  { requiredKeys: [] },
);
