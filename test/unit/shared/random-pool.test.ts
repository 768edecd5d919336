/** Pooled randomness: fresh bytes on every draw, across refills of the pool. */
import { describe, expect, it } from 'vitest';
import { pooledRandomByte, pooledRandomBytes } from '#shared/random-pool.ts';

describe('random pool', () => {
  it('never hands out the same bytes twice, across many refills', () => {
    const draws = Array.from({ length: 2000 }, () => pooledRandomBytes(16).toString('hex'));
    expect(new Set(draws).size).toBe(draws.length);
  });

  it('gives each caller its own copy, which later draws do not overwrite', () => {
    const first = pooledRandomBytes(12);
    const kept = Buffer.from(first);
    for (let i = 0; i < 1000; i++) pooledRandomBytes(12);
    expect(first).toEqual(kept);
  });

  it('draws single bytes over the whole range 0-255', () => {
    const seen = new Set(Array.from({ length: 20_000 }, () => pooledRandomByte()));
    expect([...seen].every((byte) => Number.isInteger(byte) && byte >= 0 && byte <= 255)).toBe(
      true,
    );
    expect(seen.size).toBe(256);
  });

  it('refuses a draw larger than the pool', () => {
    expect(() => pooledRandomBytes(4097)).toThrow(RangeError);
  });
});
