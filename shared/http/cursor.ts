/**
 * Opaque list cursors: the DynamoDB LastEvaluatedKey sealed with AES-256-GCM, bound to the tenant and
 * the query as associated data. A cursor from another tenant or query, or any altered byte, fails to
 * open and is a 400; the client never sees key structure.
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { cursorSecretSource } from '#shared/config/runtime-config.ts';
import { ValidationError } from '#shared/errors.ts';
import { pooledRandomBytes } from '#shared/random-pool.ts';

export type PageKey = Record<string, unknown>;

export interface CursorCodec {
  /** `query` names the listing and its filters, e.g. `projects?status=active`. */
  encode(scope: TenantScope, query: string, key: PageKey): string;
  decode(scope: TenantScope, query: string, cursor: string): PageKey;
  /** The control plane's listings (all tenants): bound to the platform instead of a tenant. */
  encodeForPlatform(query: string, key: PageKey): string;
  decodeForPlatform(query: string, cursor: string): PageKey;
}

/** Binds platform cursors; tenant ids are ULIDs, so no tenant's cursor is bound the same way. */
const platformBinding = 'platform';

const ivBytes = 12;
const tagBytes = 16;

function invalidCursor(): ValidationError {
  return new ValidationError('Invalid cursor', [
    {
      location: 'query',
      path: 'cursor',
      code: 'invalid_cursor',
      message: 'cursor is not valid for this listing',
    },
  ]);
}

/**
 * The keys in a cursor secret's value: one key as is, or a JSON array of keys while rotating
 * (docs/runbooks/rotate-secrets.md). The first key seals; every key opens, so cursors sealed before
 * and after a rotation step both stay valid.
 */
export function cursorKeysOf(value: string): readonly string[] {
  if (!value.trimStart().startsWith('[')) return [value];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('The cursor secret starts with [ but is not a JSON array of keys');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length === 0 ||
    !parsed.every((key) => typeof key === 'string')
  ) {
    throw new Error('The cursor secret must be one key or a non-empty JSON array of keys');
  }
  return parsed as string[];
}

/**
 * A codec that seals with the first of `secrets` and opens with any of them. A cursor is bound to
 * a tenant (or to the operators' platform listings) and to its query.
 */
export function createCursorCodec(...secrets: readonly [string, ...string[]]): CursorCodec {
  const keys = secrets.map((secret) =>
    Buffer.from(hkdfSync('sha256', secret, 'tenantkit', 'list-cursor-v1', 32)),
  );
  const sealingKey = keys[0] as Buffer;
  const associatedData = (binding: string, query: string): Buffer =>
    Buffer.from(`${binding}\n${query}`, 'utf8');
  const seal = (binding: string, query: string, pageKey: PageKey): string => {
    // Pooled randomness: a fresh random IV without a CSPRNG call per list page (about 15 µs).
    const iv = pooledRandomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', sealingKey, iv);
    cipher.setAAD(associatedData(binding, query));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(pageKey), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  };
  const decrypt = (aad: Buffer, bytes: Buffer): string | undefined => {
    for (const key of keys) {
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
        decipher.setAAD(aad);
        decipher.setAuthTag(bytes.subarray(bytes.byteLength - tagBytes));
        return Buffer.concat([
          decipher.update(bytes.subarray(ivBytes, bytes.byteLength - tagBytes)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // Not sealed with this key: try the next one.
      }
    }
    return undefined;
  };
  const open = (binding: string, query: string, cursor: string): PageKey => {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.byteLength <= ivBytes + tagBytes || bytes.toString('base64url') !== cursor) {
      throw invalidCursor();
    }
    const plain = decrypt(associatedData(binding, query), bytes);
    if (plain === undefined) throw invalidCursor();
    try {
      const parsed: unknown = JSON.parse(plain);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw invalidCursor();
      return parsed as PageKey;
    } catch {
      throw invalidCursor();
    }
  };
  return {
    encode: (scope, query, pageKey) => seal(scope.tenantId, query, pageKey),
    decode: (scope, query, cursor) => open(scope.tenantId, query, cursor),
    encodeForPlatform: (query, pageKey) => seal(platformBinding, query, pageKey),
    decodeForPlatform: (query, cursor) => open(platformBinding, query, cursor),
  };
}

/**
 * How long a function keeps the secret before it reads it again: a rotation step reaches every
 * warm function within this time (docs/runbooks/rotate-secrets.md waits this long between steps).
 */
export const cursorSecretMaxAgeSeconds = 300;

function codecOf(value: string): CursorCodec {
  const keys = cursorKeysOf(value);
  if (keys.some((key) => key.length < 32)) {
    throw new Error('Every cursor key must be at least 32 characters');
  }
  return createCursorCodec(...(keys as [string, ...string[]]));
}

let current: { readonly value: string; readonly codec: CursorCodec } | undefined;

/**
 * The codec of this function (Secrets Manager on AWS, cached `cursorSecretMaxAgeSeconds`), rebuilt
 * only when the secret's value changed.
 */
export async function cursorCodec(): Promise<CursorCodec> {
  const source = cursorSecretSource();
  const value =
    source.kind === 'value'
      ? source.secret
      : await getSecret<string>(source.secretId, { maxAge: cursorSecretMaxAgeSeconds });
  if (typeof value !== 'string') throw new Error('The cursor secret is missing');
  if (current?.value !== value) current = { value, codec: codecOf(value) };
  return current.codec;
}
