/**
 * New ULIDs, with their 80 random bits drawn from a pooled buffer of cryptographic randomness. The
 * ulid package's default asks the OS for one byte per character (16 calls per id, some 30–60 µs on
 * a warm request that creates a project and its audit event); Node's randomUUID pools the same way.
 */
import { randomFillSync } from 'node:crypto';
import { type PRNG, ulid } from 'ulid';

const pool = new Uint8Array(2048);
let nextByte = pool.length;

const pooledRandom: PRNG = () => {
  if (nextByte === pool.length) {
    randomFillSync(pool);
    nextByte = 0;
  }
  const byte = pool[nextByte] ?? 0;
  nextByte++;
  // ulid takes floor(value * 32) per character: the top five bits of a uniform byte.
  return byte / 256;
};

/** A ULID for the given moment (default: now); sortable by time, unguessable in its random part. */
export function newUlid(at: number = Date.now()): string {
  return ulid(at, pooledRandom);
}
