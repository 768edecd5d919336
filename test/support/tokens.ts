/**
 * Crafts JWTs for attack tests: signed with the local emulator's own key (which ships in the
 * cognito-local package), with a foreign key, or not at all (`alg: none`).
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const emulatorJwk = (require('cognito-local/lib/keys/cognitoLocal.private.json') as { jwk: object })
  .jwk;
const emulatorKey = createPrivateKey({ key: emulatorJwk as never, format: 'jwk' });
const foreignKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export type Claims = Record<string, unknown>;

export function decodeClaims(token: string): Claims {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims;
}

function signWith(key: KeyObject, claims: Claims, kid: string): string {
  const unsigned = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(claims)}`;
  const signature = sign('RSA-SHA256', Buffer.from(unsigned), key).toString('base64url');
  return `${unsigned}.${signature}`;
}

/** Signed by the emulator's key: verifies, so only the claim checks can refuse it. */
export function emulatorSignedToken(claims: Claims): string {
  return signWith(emulatorKey, claims, 'CognitoLocal');
}

/** Signed by an attacker's key but claiming the emulator's key id. */
export function foreignSignedToken(claims: Claims): string {
  return signWith(foreignKey, claims, 'CognitoLocal');
}

export function unsignedToken(claims: Claims): string {
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** Flips one character of the payload, keeping the signature. */
export function tamperedToken(token: string, changes: Claims): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode({ ...decodeClaims(token), ...changes })}.${signature}`;
}
