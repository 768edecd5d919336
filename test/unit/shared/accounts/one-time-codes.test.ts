/** Mailed codes: random, stored hashed, bound to one user and purpose, alive 24 h and 4 wrong tries. */
import { describe, expect, it } from 'vitest';
import {
  codeLifetimeSeconds,
  codeMatches,
  maxCodeAttempts,
  newCode,
  storedCode,
} from '#shared/accounts/one-time-codes.ts';

const issuedAt = new Date('2026-12-04T06:00:00Z');
const later = (seconds: number) => new Date(issuedAt.getTime() + seconds * 1000);

describe('one-time codes', () => {
  it('are eight random digits, never stored as they are', async () => {
    const codes = new Set(Array.from({ length: 50 }, () => newCode()));
    const code = newCode();

    const stored = await storedCode(code, { userId: 'u1', purpose: 'verifyEmail' }, issuedAt);

    expect([...codes].every((value) => /^[0-9]{8}$/.test(value))).toBe(true);
    expect(codes.size).toBeGreaterThan(45);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(await codeMatches(stored, code, later(60))).toBe(true);
  });

  it('match only their own user and purpose', async () => {
    const code = newCode();
    const stored = await storedCode(code, { userId: 'u1', purpose: 'verifyEmail' }, issuedAt);
    const sameCodeOtherUser = await storedCode(
      code,
      { userId: 'u2', purpose: 'verifyEmail' },
      issuedAt,
    );

    expect(await codeMatches({ ...stored, userId: 'u2' }, code, later(1))).toBe(false);
    expect(await codeMatches({ ...stored, purpose: 'resetPassword' }, code, later(1))).toBe(false);
    expect(sameCodeOtherUser.hash).not.toBe(stored.hash);
  });

  it('expire after 24 hours and are void after the fifth wrong guess', async () => {
    const code = newCode();
    const stored = await storedCode(code, { userId: 'u1', purpose: 'resetPassword' }, issuedAt);

    expect(await codeMatches(stored, code, later(codeLifetimeSeconds - 1))).toBe(true);
    expect(await codeMatches(stored, code, later(codeLifetimeSeconds))).toBe(false);
    expect(await codeMatches({ ...stored, attempts: maxCodeAttempts - 1 }, code, later(1))).toBe(
      true,
    );
    expect(await codeMatches({ ...stored, attempts: maxCodeAttempts }, code, later(1))).toBe(false);
  });
});
