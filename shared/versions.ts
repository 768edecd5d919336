/**
 * Optimistic concurrency's expected version: the number a strong ETag carries, or any current
 * version (`If-Match: *`, RFC 9110 13.1.1), which still requires the item to exist.
 */

export const anyVersion = 'any';

export type ExpectedVersion = number | typeof anyVersion;

/**
 * The version a write that first read `current` must find: `*` becomes the version just read, so a
 * concurrent change in between is still caught (a 412) instead of silently overwritten.
 */
export function versionToReplace(expected: ExpectedVersion, current: number): number {
  return expected === anyVersion ? current : expected;
}
