/**
 * RFC 6238 TOTP codes from a base32 secret, as an authenticator app computes them: HMAC-SHA1 over
 * the 30 s step counter, dynamic truncation (RFC 4226 §5.3), six digits. Written with node:crypto
 * (twenty lines) rather than a package: the tests need exactly this and nothing else.
 */
import { createHmac } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function decodeBase32(secret: string): Buffer {
  let bits = '';
  for (const character of secret.replace(/=+$/, '').toUpperCase()) {
    const value = base32Alphabet.indexOf(character);
    if (value < 0) throw new Error(`Not base32: ${character}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => Number.parseInt(byte, 2)));
}

/** RFC 4226 HOTP of `counter`. */
export function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = (digest[digest.length - 1] ?? 0) & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The TOTP code of `secret` at `at`, `stepOffset` 30 s steps away (−1: the previous code). */
export function totp(secret: string, at = Date.now(), stepOffset = 0): string {
  return hotp(decodeBase32(secret), Math.floor(at / 1000 / 30) + stepOffset);
}
