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

export function createCursorCodec(secret: string): CursorCodec {
  const key = Buffer.from(hkdfSync('sha256', secret, 'tenantkit', 'list-cursor-v1', 32));
  const associatedData = (binding: string, query: string): Buffer =>
    Buffer.from(`${binding}\n${query}`, 'utf8');
  const seal = (binding: string, query: string, pageKey: PageKey): string => {
    // Pooled randomness: a fresh random IV without a CSPRNG call per list page (about 15 µs).
    const iv = pooledRandomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(associatedData(binding, query));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(pageKey), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
  };
  const open = (binding: string, query: string, cursor: string): PageKey => {
    const bytes = Buffer.from(cursor, 'base64url');
    if (bytes.byteLength <= ivBytes + tagBytes || bytes.toString('base64url') !== cursor) {
      throw invalidCursor();
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
      decipher.setAAD(associatedData(binding, query));
      decipher.setAuthTag(bytes.subarray(bytes.byteLength - tagBytes));
      const plain = Buffer.concat([
        decipher.update(bytes.subarray(ivBytes, bytes.byteLength - tagBytes)),
        decipher.final(),
      ]).toString('utf8');
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

let codec: Promise<CursorCodec> | undefined;

/** The codec of this function, its key read once per cold start (Secrets Manager on AWS). */
export function cursorCodec(): Promise<CursorCodec> {
  codec ??= (async () => {
    const source = cursorSecretSource();
    if (source.kind === 'value') return createCursorCodec(source.secret);
    const secret = await getSecret<string>(source.secretId, { maxAge: 3600 });
    if (typeof secret !== 'string' || secret.length < 32) {
      throw new Error('The cursor secret is missing or shorter than 32 characters');
    }
    return createCursorCodec(secret);
  })();
  codec.catch(() => {
    codec = undefined;
  });
  return codec;
}
