/**
 * Idempotent creates, per tenant: the record of a keyed request is written in the same transaction
 * as the create itself, so a retry, even a concurrent one, can never create twice. A retry with the
 * same key and body gets the stored response; a different body is a 422. Records expire after 24 h.
 */
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { TenantScope } from '../auth/tenant-context.ts';
import { IdempotencyMismatchError } from '../errors.ts';
import { tenantKeys } from './keys.ts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const idempotencyTtlSeconds = 24 * 60 * 60;

/** Printable ASCII without spaces, as most clients generate (UUIDs, ULIDs, hashes). */
export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable ASCII characters');

export interface IdempotencyRequest {
  /** The client's Idempotency-Key. */
  readonly key: string;
  /** Which operation the key belongs to, so one key on two routes does not collide. */
  readonly operation: string;
  /** Hash of the validated request body. */
  readonly fingerprint: string;
}

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, entry]) => entry !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Same body in any key order and whitespace → same fingerprint. */
export function requestFingerprint(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}

const recordKey = (scope: TenantScope, request: IdempotencyRequest) =>
  tenantKeys.idempotencyRecord(scope, `${request.operation}#${request.key}`);

/** The Put to add to the create's transaction; it fails while an unexpired record holds the key. */
export function idempotencyPut(
  tableName: string,
  scope: TenantScope,
  request: IdempotencyRequest,
  response: StoredResponse,
  now: Date,
): TransactItem {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...recordKey(scope, request),
        type: 'idempotency',
        fingerprint: request.fingerprint,
        statusCode: response.statusCode,
        responseBody: JSON.stringify(response.body),
        createdAt: now.toISOString(),
        expiresAt: nowSeconds + idempotencyTtlSeconds,
      },
      ConditionExpression: 'attribute_not_exists(PK) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': nowSeconds },
    },
  };
}

/**
 * The response stored for a key whose record blocked a create. Undefined when the record has
 * expired or vanished meanwhile: the caller may then try the create again.
 */
export async function storedResponse(
  client: DynamoDBDocumentClient,
  tableName: string,
  scope: TenantScope,
  request: IdempotencyRequest,
  now: Date,
): Promise<StoredResponse | undefined> {
  const { Item } = await client.send(
    new GetCommand({ TableName: tableName, Key: recordKey(scope, request), ConsistentRead: true }),
  );
  if (!Item || Number(Item.expiresAt) < Math.floor(now.getTime() / 1000)) return undefined;
  if (Item.fingerprint !== request.fingerprint) {
    throw new IdempotencyMismatchError(
      'This Idempotency-Key was used with a different request body',
      { idempotencyKey: request.key },
    );
  }
  return { statusCode: Number(Item.statusCode), body: JSON.parse(String(Item.responseBody)) };
}
