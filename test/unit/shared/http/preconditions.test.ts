/** Entity tags per RFC 9110: what If-Match asks a write to find, and when a read answers 304. */
import { describe, expect, it } from 'vitest';
import { requiredIfMatch, versionedRead } from '#shared/http/preconditions.ts';
import { anyVersion } from '#shared/versions.ts';

const ifMatch = (value: string) => requiredIfMatch({ 'if-match': value });

describe('requiredIfMatch', () => {
  it.each([
    ['"3"', 3],
    [' "3" ', 3],
    ['"9007199254740991"', 9007199254740991],
    ['W/"3", "abc", "4"', 4],
    ['"4", "4"', 4],
    ['*', anyVersion],
  ])('reads %s as %s', (value, expected) => {
    expect(ifMatch(value)).toBe(expected);
  });

  it.each(['"9007199254740993"', '"99999999999999999999"', '"abc"', 'W/"3"', '"0"', '"03"', '""'])(
    'answers 412 to %s, which can match no version',
    (value) => {
      expect(() => ifMatch(value)).toThrow(
        expect.objectContaining({ code: 'precondition_failed' }),
      );
    },
  );

  it.each(['3', '"3', 'W/3', '"3" "4"', '*, "3"', ',', '"a"b"'])(
    'answers 400 to %s, which is not entity-tag syntax',
    (value) => {
      expect(() => ifMatch(value)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    },
  );

  it('answers 400 to a list naming two versions, and 428 to no header', () => {
    expect(() => ifMatch('"3", "4"')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => requiredIfMatch({})).toThrow(
      expect.objectContaining({ code: 'precondition_required' }),
    );
  });
});

describe('versionedRead', () => {
  it.each(['"2"', 'W/"2"', '"1", "2"', '*'])('answers 304 to If-None-Match: %s', (value) => {
    expect(versionedRead({ 'if-none-match': value }, { a: 1 }, 2)).toEqual({
      statusCode: 304,
      headers: { etag: '"2"' },
    });
  });

  it.each([undefined, '"1"', 'not a tag'])('answers 200 with the body to %s', (value) => {
    const headers: Record<string, string> = value === undefined ? {} : { 'if-none-match': value };

    expect(versionedRead(headers, { a: 1 }, 2)).toEqual({
      statusCode: 200,
      body: { a: 1 },
      headers: { etag: '"2"' },
    });
  });
});
