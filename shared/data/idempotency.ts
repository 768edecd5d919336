/**
 * Idempotent creates, per tenant: the record of a keyed request is written in the same transaction
 * as the create itself, so a retry, even a concurrent one, can never create twice. A retry with the
 * same key and body gets the stored response; a different body is a 422. Records expire after 24 h.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { IdempotencyMismatchError } from '#shared/errors.ts';
import type { IdempotencyRequest } from '#shared/http/idempotency-key.ts';
import { type ItemKey, tenantKeys } from './keys.ts';
import type { TransactItem } from './transactions.ts';

// The key format and body fingerprint live with the HTTP layer, which must not load the SDK.
export {
  type IdempotencyRequest,
  idempotencyKeySchema,
  requestFingerprint,
} from '#shared/http/idempotency-key.ts';

export const idempotencyTtlSeconds = 24 * 60 * 60;

export interface StoredResponse {
  readonly statusCode: number;
  readonly body: unknown;
}

/** The key of a request's idempotency record. */
export const idempotencyRecordKey = (scope: TenantScope, request: IdempotencyRequest): ItemKey =>
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
        ...idempotencyRecordKey(scope, request),
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
 * Removes a key's record, in the transaction that undoes its create (an invitation whose email could
 * not be queued): a retry with the same key then tries again instead of replaying a failure.
 */
export function idempotencyDelete(
  tableName: string,
  scope: TenantScope,
  request: IdempotencyRequest,
): TransactItem {
  return { Delete: { TableName: tableName, Key: idempotencyRecordKey(scope, request) } };
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
    new GetCommand({
      TableName: tableName,
      Key: idempotencyRecordKey(scope, request),
      ConsistentRead: true,
    }),
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
