/**
 * Cryptographic randomness for the hot paths (ids, cursor IVs), drawn from one pooled buffer that is
 * refilled 4 KB at a time, as Node's randomUUID does: each draw is still fresh CSPRNG output, but a
 * request no longer pays a call into OpenSSL for every few bytes it needs.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let next = pool.length;

function take(count: number): number {
  if (next + count > pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  next += count;
  return next - count;
}

/** One random byte, 0 to 255. */
export function pooledRandomByte(): number {
  return pool[take(1)] ?? 0;
}

/** `count` random bytes (at most 4096), copied out of the pool. */
export function pooledRandomBytes(count: number): Buffer {
  if (count > pool.length) throw new RangeError(`At most ${pool.length} pooled bytes at a time`);
  const start = take(count);
  return Buffer.from(pool.subarray(start, start + count));
}
