/** Property tests of the cursor codec: round trips, and nothing opens it but its own tenant and listing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import { createCursorCodec, cursorKeysOf } from '#shared/http/cursor.ts';

const codec = createCursorCodec('a-test-secret-that-is-long-enough-for-hkdf');
const tenantIdArbitrary = fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const scope = (tenantId: string) => {
  const value = tenantScopeFromVerifiedClaims(tenantId);
  if (!value) throw new Error('bad tenant id');
  return value;
};
const pageKeyArbitrary = fc.dictionary(
  fc.string({ minLength: 1, maxLength: 10 }),
  fc.oneof(fc.string(), fc.integer()),
  { minKeys: 1, maxKeys: 4 },
);

describe('cursor codec', () => {
  it('decodes what it encoded, for the same tenant and listing', () => {
    fc.assert(
      fc.property(tenantIdArbitrary, fc.string(), pageKeyArbitrary, (tenantId, listing, key) => {
        const cursor = codec.encode(scope(tenantId), listing, key);
        expect(codec.decode(scope(tenantId), listing, cursor)).toEqual(key);
      }),
    );
  });

  it('seals every cursor under a fresh IV, across refills of the IV pool', () => {
    const key = { PK: 'T#01JD0000000000000000000000', SK: 'PROJECT#01JD0000000000000000000001' };
    const cursors = Array.from({ length: 600 }, () =>
      codec.encode(scope('01JD0000000000000000000000'), 'projects', key),
    );
    const ivs = new Set(
      cursors.map((cursor) => Buffer.from(cursor, 'base64url').subarray(0, 12).toString('hex')),
    );
    expect(ivs.size).toBe(cursors.length);
    for (const cursor of cursors)
      expect(codec.decode(scope('01JD0000000000000000000000'), 'projects', cursor)).toEqual(key);
  });

  it('refuses a cursor of another tenant or another listing', () => {
    fc.assert(
      fc.property(
        tenantIdArbitrary,
        tenantIdArbitrary,
        fc.string(),
        fc.string(),
        pageKeyArbitrary,
        (a, b, listing, otherListing, key) => {
          fc.pre(a !== b && listing !== otherListing);
          const cursor = codec.encode(scope(a), listing, key);
          expect(() => codec.decode(scope(b), listing, cursor)).toThrow(ValidationError);
          expect(() => codec.decode(scope(a), otherListing, cursor)).toThrow(ValidationError);
        },
      ),
    );
  });

  it('refuses any cursor with one byte changed', () => {
    fc.assert(
      fc.property(
        tenantIdArbitrary,
        pageKeyArbitrary,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (tenantId, key, position, flip) => {
          const bytes = Buffer.from(codec.encode(scope(tenantId), 'projects', key), 'base64url');
          const index = position % bytes.length;
          bytes[index] = (bytes[index] ?? 0) ^ flip;
          expect(() =>
            codec.decode(scope(tenantId), 'projects', bytes.toString('base64url')),
          ).toThrow(ValidationError);
        },
      ),
    );
  });

  it('refuses arbitrary strings without ever throwing anything but a validation error', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => codec.decode(scope('01JTESTTENANT0000000000000'), 'projects', text)).toThrow(
          ValidationError,
        );
      }),
    );
  });

  it('does not open with another secret', () => {
    const other = createCursorCodec('another-secret-that-is-long-enough-for-hkdf');
    const cursor = codec.encode(scope('01JTESTTENANT0000000000000'), 'projects', { PK: 'x' });

    expect(() => other.decode(scope('01JTESTTENANT0000000000000'), 'projects', cursor)).toThrow(
      ValidationError,
    );
  });
});

describe('cursor key rotation', () => {
  const oldKey = 'the-old-cursor-key-that-is-long-enough-for-hkdf';
  const newKey = 'the-new-cursor-key-that-is-long-enough-for-hkdf';
  const tenant = scope('01JTESTTENANT0000000000000');

  it('reads one key as is and a JSON array as keys, the first one sealing', () => {
    // Act / Assess
    expect(cursorKeysOf(oldKey)).toEqual([oldKey]);
    expect(cursorKeysOf(JSON.stringify([newKey, oldKey]))).toEqual([newKey, oldKey]);
    expect(() => cursorKeysOf('[]')).toThrow(/non-empty JSON array/);
    expect(() => cursorKeysOf('[not json')).toThrow(/not a JSON array/);
  });

  it('keeps every cursor valid through the three rotation steps, old and new functions mixed', () => {
    // Prepare: the functions of each step (runbook: accept the new key, seal with it, drop the old).
    const before = createCursorCodec(oldKey);
    const accepting = createCursorCodec(oldKey, newKey);
    const sealingNew = createCursorCodec(newKey, oldKey);
    const after = createCursorCodec(newKey);
    const page = { PK: 'T#x', SK: 'PROJECT#1' };

    // Act / Assess: during each step a cursor from a function of the step before opens, and back.
    for (const [older, newer] of [
      [before, accepting],
      [accepting, sealingNew],
      [sealingNew, after],
    ] as const) {
      expect(newer.decode(tenant, 'projects', older.encode(tenant, 'projects', page))).toEqual(
        page,
      );
      expect(older.decode(tenant, 'projects', newer.encode(tenant, 'projects', page))).toEqual(
        page,
      );
    }
  });

  it('refuses, once the old key is dropped, a cursor only the old key sealed', () => {
    // Prepare
    const cursor = createCursorCodec(oldKey).encode(tenant, 'projects', { PK: 'x' });

    // Act / Assess
    expect(() => createCursorCodec(newKey).decode(tenant, 'projects', cursor)).toThrow(
      ValidationError,
    );
  });
});
