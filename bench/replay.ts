/**
 * Turns the calls a route sent on the wire into the calls its bare handler makes: the same
 * operation and input, in the bare handlers' table, DynamoDB attribute values back in the document
 * client's form (the bare handler uses it, as the route's code does). Also counts what the calls
 * cost in DynamoDB capacity.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { WireCall } from './wire.ts';

/** The services a bare handler has a client for, by X-Amz-Target prefix. */
export const servicesByTarget = {
  DynamoDB_20120810: 'dynamodb',
  AWSCognitoIdentityProviderService: 'cognito',
  AmazonSQS: 'sqs',
  secretsmanager: 'secretsmanager',
} as const;

export type ServiceName = (typeof servicesByTarget)[keyof typeof servicesByTarget];

export interface BareCall {
  readonly service: ServiceName;
  readonly operation: string;
  readonly input: Record<string, unknown>;
  /** The route's own call failed (a condition it checks), so the replay may fail the same way. */
  readonly mayFail: boolean;
}

/** What differs between the route's calls and its bare handler's. */
export interface ReplayRewrite {
  readonly fromTable: string;
  readonly toTable: string;
  /** Strings replaced in Cognito calls only: a new user's email, a refresh token used up. */
  readonly cognitoSwaps: readonly (readonly [string, string])[];
}

const attributeMaps = new Set(['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']);
type AttributeMap = Parameters<typeof unmarshall>[0];

/** A DynamoDB request body in the document client's form: every attribute map unmarshalled. */
export function documentForm(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) {
    return member === 'Keys'
      ? value.map((entry) => unmarshall(entry as AttributeMap))
      : value.map((entry) => documentForm(entry));
  }
  if (value === null || typeof value !== 'object') return value;
  if (member !== undefined && attributeMaps.has(member)) return unmarshall(value as AttributeMap);
  return Object.fromEntries(
    Object.entries(value).map(([name, entry]) => [name, documentForm(entry, name)]),
  );
}

export function serviceOf(target: string): ServiceName | undefined {
  const prefix = target.split('.')[0] ?? '';
  return (servicesByTarget as Readonly<Record<string, ServiceName>>)[prefix];
}

/** `call` as its bare handler makes it; undefined for a call no bare client can make. */
export function bareCall(call: WireCall, rewrite: ReplayRewrite): BareCall | undefined {
  const service = serviceOf(call.target);
  const operation = call.target.split('.')[1] ?? '';
  if (service === undefined) return undefined;
  // Table names appear as TableName, and as keys of a batch's RequestItems.
  let body = call.body.replaceAll(`"${rewrite.fromTable}"`, `"${rewrite.toTable}"`);
  if (service === 'cognito') {
    for (const [from, to] of rewrite.cognitoSwaps) body = body.replaceAll(from, to);
  }
  // The SDK makes its own idempotency token; DynamoDB refuses one reused with other parameters.
  const { ClientRequestToken: _token, ...input } = JSON.parse(body) as Record<string, unknown>;
  return {
    service,
    operation,
    input: service === 'dynamodb' ? (documentForm(input) as Record<string, unknown>) : input,
    mayFail: call.status !== undefined && call.status >= 400,
  };
}

/** DynamoDB's item size: attribute names plus values (numbers about half their digits). */
export function itemBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).reduce(
      (sum, [name, entry]) => sum + Buffer.byteLength(name) + 1 + itemBytes(entry),
      3,
    );
  }
  return 0;
}

interface Consumed {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, { readonly CapacityUnits?: number }>>;
}

const readOperations = new Set(['GetItem', 'BatchGetItem', 'Query', 'TransactGetItems']);

/**
 * Read and write units of one call on AWS, from what DynamoDB Local reported. DynamoDB Local charges
 * a transaction 2 units per KB of all its items together; AWS charges 2 per KB of each item, so a
 * transaction is re-costed per item (an Update, Delete or ConditionCheck as 1 KB; ours are smaller),
 * plus the index writes DynamoDB Local reports.
 */
export function capacityOf(
  call: Pick<BareCall, 'operation' | 'input'>,
  reported: Consumed | readonly Consumed[] | undefined,
): { readonly read: number; readonly write: number } {
  const consumed: readonly Consumed[] = Array.isArray(reported)
    ? reported
    : reported
      ? [reported as Consumed]
      : [];
  const indexUnits = consumed.reduce(
    (sum, entry) =>
      sum +
      Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce(
        (s, index) => s + (index.CapacityUnits ?? 0),
        0,
      ),
    0,
  );
  if (call.operation === 'TransactWriteItems') {
    const items = (call.input.TransactItems ?? []) as { Put?: { Item?: unknown } }[];
    const table = items.reduce(
      (sum, item) =>
        sum +
        2 *
          (item.Put?.Item === undefined
            ? 1
            : Math.max(1, Math.ceil(itemBytes(item.Put.Item) / 1024))),
      0,
    );
    return { read: 0, write: table + indexUnits };
  }
  let read = 0;
  let write = 0;
  for (const entry of consumed) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      read += entry.ReadCapacityUnits ?? 0;
      write += entry.WriteCapacityUnits ?? 0;
    } else if (readOperations.has(call.operation)) read += entry.CapacityUnits ?? 0;
    else write += entry.CapacityUnits ?? 0;
  }
  return { read, write };
}

/** Read and write units of a request's calls, from the consumed capacity of each DynamoDB call. */
export function unitsOf(
  calls: readonly BareCall[],
  consumed: readonly (Consumed | readonly Consumed[] | undefined)[],
): { readonly read: number; readonly write: number } {
  const dynamodbCalls = calls.filter((call) => call.service === 'dynamodb');
  return dynamodbCalls.reduce(
    (sum, call, n) => {
      const { read, write } = capacityOf(call, consumed[n]);
      return { read: sum.read + read, write: sum.write + write };
    },
    { read: 0, write: 0 },
  );
}
