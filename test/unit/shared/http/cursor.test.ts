/** Property tests of the cursor codec: round trips, and nothing opens it but its own tenant and listing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { ValidationError } from '#shared/errors.ts';
import { createCursorCodec } from '#shared/http/cursor.ts';

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
