/**
 * New ULIDs, with their 80 random bits drawn from the pooled cryptographic randomness of
 * random-pool.ts. The ulid package's default asks the OS for one byte per character (16 calls per
 * id, some 30–60 µs on a warm request that creates a project and its audit event).
 */
import { type PRNG, ulid } from 'ulid';
import { pooledRandomByte } from './random-pool.ts';

// ulid takes floor(value * 32) per character: the top five bits of a uniform byte.
const pooledRandom: PRNG = () => pooledRandomByte() / 256;

/** A ULID for the given moment (default: now); sortable by time, unguessable in its random part. */
export function newUlid(at: number = Date.now()): string {
  return ulid(at, pooledRandom);
}
