/**
 * The codes we mail (email verification, password reset, email change): random, stored only as a
 * salted scrypt hash bound to the user and purpose, so a leaked table yields no usable code and one
 * user's code never matches another's.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

export type CodePurpose = 'verifyEmail' | 'resetPassword' | 'changeEmail';

/** How long a mailed code lives. */
export const codeLifetimeSeconds = 24 * 60 * 60;
/** Wrong guesses a code survives; the fifth voids it. */
export const maxCodeAttempts = 5;

const codeDigits = 8;
const keyLength = 32;

/** A code as stored: never the code itself. */
export interface StoredCode {
  readonly userId: string;
  readonly purpose: CodePurpose;
  readonly salt: string;
  readonly hash: string;
  /** Epoch seconds; also the item's TTL. */
  readonly expiresAt: number;
  readonly attempts: number;
  /** Email change only: the address the code was sent to and that becomes the sign-in email. */
  readonly newEmail?: string;
}

/** Eight random digits (crypto-strong): easy to type, 10^8 values, five guesses. */
export function newCode(): string {
  return String(randomInt(0, 10 ** codeDigits)).padStart(codeDigits, '0');
}

function derive(code: string, salt: string, binding: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // N = 2^14: tens of milliseconds per guess, so an offline search of a leaked hash costs years.
    scrypt(`${binding}\n${code}`, salt, keyLength, { N: 16_384 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function storedCode(
  code: string,
  fields: Omit<StoredCode, 'salt' | 'hash' | 'attempts' | 'expiresAt'>,
  now: Date,
): Promise<StoredCode> {
  const salt = randomBytes(16).toString('base64url');
  const hash = await derive(code, salt, `${fields.purpose}:${fields.userId}`);
  return {
    ...fields,
    salt,
    hash: hash.toString('base64url'),
    expiresAt: Math.floor(now.getTime() / 1000) + codeLifetimeSeconds,
    attempts: 0,
  };
}

/** True when `code` is the one stored for this user and purpose, and it is still alive. */
export async function codeMatches(stored: StoredCode, code: string, now: Date): Promise<boolean> {
  const candidate = await derive(code, stored.salt, `${stored.purpose}:${stored.userId}`);
  const expected = Buffer.from(stored.hash, 'base64url');
  const alive = stored.expiresAt > now.getTime() / 1000 && stored.attempts < maxCodeAttempts;
  return alive && expected.length === candidate.length && timingSafeEqual(expected, candidate);
}

/** The same work as a real check, for an email with no account: the answer takes as long. */
export async function decoyCodeCheck(code: string): Promise<void> {
  await derive(code, 'decoy-salt-0000000000', 'decoy');
}
