/** ULIDs from the pooled random source: well formed, time-ordered, and random where they should be. */
import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { newUlid } from '#shared/ids.ts';

describe('newUlid', () => {
  it('makes valid ULIDs that carry the moment they were made for', () => {
    const at = Date.parse('2026-11-24T10:00:00.000Z');

    const id = newUlid(at);

    expect(isValid(id)).toBe(true);
    expect(decodeTime(id)).toBe(at);
  });

  it('never repeats across many ids of the same millisecond, past several refills of the pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newUlid(0));

    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every character of the alphabet in the random part, evenly', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4_000; i++) {
      for (const char of newUlid(0).slice(10)) counts.set(char, (counts.get(char) ?? 0) + 1);
    }

    // 64,000 characters over 32 symbols: 2,000 each on average.
    expect(counts.size).toBe(32);
    for (const count of counts.values()) expect(count).toBeGreaterThan(1_700);
    for (const count of counts.values()) expect(count).toBeLessThan(2_300);
  });
});
