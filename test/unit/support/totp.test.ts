/** The test TOTP helper against the RFC 6238 Appendix B vectors (SHA-1), so its codes are real. */
import { describe, expect, it } from 'vitest';
import { decodeBase32, hotp, totp } from '../../support/totp.ts';

// "12345678901234567890" in base32: the RFC's SHA-1 seed.
const rfcSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('totp', () => {
  it('decodes the RFC seed', () => {
    expect(decodeBase32(rfcSecret).toString('ascii')).toBe('12345678901234567890');
  });

  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1234567890, '005924'],
    [2000000000, '279037'],
  ])('at %i s gives the last six digits of the RFC vector (%s)', (seconds, code) => {
    expect(totp(rfcSecret, seconds * 1000)).toBe(code);
  });

  it('is HOTP of the 30 s step counter', () => {
    expect(hotp(decodeBase32(rfcSecret), 1)).toBe(totp(rfcSecret, 59 * 1000));
  });
});
