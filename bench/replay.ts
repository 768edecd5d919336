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
  if (typeof value !== 'object' || value === null) return 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + 1 + itemBytes(v), 3);
}

interface Consumed {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, { readonly CapacityUnits?: number }>>;
}
type Units = { readonly read: number; readonly write: number };

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
): Units {
  const consumed = ([] as Consumed[]).concat(reported ?? []);
  const indexUnits = consumed
    .flatMap((entry) => Object.values(entry.GlobalSecondaryIndexes ?? {}))
    .reduce((sum, index) => sum + (index.CapacityUnits ?? 0), 0);
  if (call.operation === 'TransactWriteItems') {
    const items = (call.input.TransactItems ?? []) as { Put?: { Item?: unknown } }[];
    const kbs = items.map((item) => Math.max(1, Math.ceil(itemBytes(item.Put?.Item ?? '') / 1024)));
    return { read: 0, write: 2 * kbs.reduce((sum, kb) => sum + kb, 0) + indexUnits };
  }
  return consumed.reduce(
    ({ read, write }, entry) => {
      if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined)
        return {
          read: read + (entry.ReadCapacityUnits ?? 0),
          write: write + (entry.WriteCapacityUnits ?? 0),
        };
      return readOperations.has(call.operation)
        ? { read: read + (entry.CapacityUnits ?? 0), write }
        : { read, write: write + (entry.CapacityUnits ?? 0) };
    },
    { read: 0, write: 0 },
  );
}

/** Read and write units of a request's calls, from the consumed capacity of each DynamoDB call. */
export function unitsOf(
  calls: readonly BareCall[],
  consumed: readonly (Consumed | readonly Consumed[] | undefined)[],
): Units {
  return calls
    .filter((call) => call.service === 'dynamodb')
    .map((call, n) => capacityOf(call, consumed[n]))
    .reduce((sum, units) => ({ read: sum.read + units.read, write: sum.write + units.write }), {
      read: 0,
      write: 0,
    });
}
