/**
 * Records every AWS call the handlers make in the bench process, without touching production code:
 * a middleware on the shared DynamoDB document client (which also asks DynamoDB for the consumed
 * capacity), and a wrapper around `send` of the other SDK clients the project depends on. The
 * recorded inputs are what the bare baselines replay in the cold starts, so a baseline makes exactly
 * the route's calls (the warm baselines replay what the bundle itself sent, see wire-calls.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The services the project's functions may call, with how a bare client reaches each locally. */
export const sdkServices = {
  dynamodb: {
    packageName: '@aws-sdk/lib-dynamodb',
    endpointVariable: 'DYNAMODB_ENDPOINT',
  },
  cognito: {
    packageName: '@aws-sdk/client-cognito-identity-provider',
    clientClass: 'CognitoIdentityProviderClient',
    endpointVariable: 'COGNITO_ENDPOINT',
  },
  sqs: {
    packageName: '@aws-sdk/client-sqs',
    clientClass: 'SQSClient',
    endpointVariable: 'SQS_ENDPOINT',
  },
  s3: {
    packageName: '@aws-sdk/client-s3',
    clientClass: 'S3Client',
    endpointVariable: 'S3_ENDPOINT',
  },
  sesv2: {
    packageName: '@aws-sdk/client-sesv2',
    clientClass: 'SESv2Client',
    endpointVariable: 'SES_ENDPOINT',
  },
  secretsmanager: {
    packageName: '@aws-sdk/client-secrets-manager',
    clientClass: 'SecretsManagerClient',
    endpointVariable: 'SECRETS_MANAGER_ENDPOINT',
  },
} as const;

export type ServiceName = keyof typeof sdkServices;

export interface RecordedCall {
  readonly service: ServiceName;
  /** The API operation, e.g. `GetItem`, `TransactWriteItems`, `InitiateAuth`. */
  readonly operation: string;
  /** The input as the code passed it (DynamoDB: document form, before marshalling). */
  readonly input: Record<string, unknown>;
  /**
   * DynamoDB capacity units the call consumes on AWS: as DynamoDB Local reports them, except for
   * transactions (see transactionWriteUnits).
   */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** What DynamoDB Local itself reported, when it differs from the figures above. */
  readonly reportedUnits?: number;
  /** The error name when the call failed. */
  readonly error?: string;
}

const readOperations = new Set([
  'GetItem',
  'BatchGetItem',
  'Query',
  'Scan',
  'TransactGetItems',
  'ExecuteStatement',
]);

export function isDynamoDbRead(operation: string): boolean {
  return readOperations.has(operation);
}

/** The calls of the `recordCalls` whose action is running: several may run side by side. */
const recording = new AsyncLocalStorage<RecordedCall[]>();

/** Runs `action` and returns the AWS calls it made (in order), with its result. */
export async function recordCalls<T>(
  action: () => Promise<T>,
): Promise<{ result: T; calls: RecordedCall[] }> {
  const calls: RecordedCall[] = [];
  return { result: await recording.run(calls, action), calls };
}

interface CapacityEntry {
  readonly CapacityUnits?: number;
  readonly ReadCapacityUnits?: number;
  readonly WriteCapacityUnits?: number;
  readonly GlobalSecondaryIndexes?: Readonly<Record<string, { readonly CapacityUnits?: number }>>;
}

const entriesOf = (consumed: unknown): CapacityEntry[] =>
  (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as CapacityEntry[];

/** DynamoDB's item size: attribute names plus values (strings in UTF-8, numbers about half their digits). */
export function itemBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number')
    return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, entry) => sum + 1 + itemBytes(entry), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, entry]) => sum + Buffer.byteLength(name) + 1 + itemBytes(entry),
        0,
      )
    );
  }
  return 0;
}

const kilobytes = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

/**
 * Write units of a TransactWriteItems on AWS: 2 per KB of each item (DynamoDB Local instead charges
 * 2 per KB of all items together), plus the index writes DynamoDB Local reports. A Put's size is
 * its item's; an Update, Delete or ConditionCheck is counted as one KB (our items are smaller).
 */
export function transactionWriteUnits(input: Record<string, unknown>, consumed: unknown): number {
  const items = (input.TransactItems ?? []) as Record<string, { Item?: unknown } | undefined>[];
  const table = items.reduce((sum, item) => {
    const put = item.Put;
    return sum + 2 * (put?.Item === undefined ? 1 : kilobytes(itemBytes(put.Item)));
  }, 0);
  const indexes = entriesOf(consumed).reduce(
    (sum, entry) =>
      sum +
      Object.values(entry.GlobalSecondaryIndexes ?? {}).reduce(
        (indexSum, index) => indexSum + (index.CapacityUnits ?? 0),
        0,
      ),
    0,
  );
  return table + indexes;
}

function capacityOf(operation: string, consumed: unknown): { read: number; write: number } {
  const entries = (
    Array.isArray(consumed) ? consumed : consumed ? [consumed] : []
  ) as CapacityEntry[];
  let read = 0;
  let write = 0;
  for (const entry of entries) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      read += entry.ReadCapacityUnits ?? 0;
      write += entry.WriteCapacityUnits ?? 0;
    } else if (isDynamoDbRead(operation)) {
      read += entry.CapacityUnits ?? 0;
    } else {
      write += entry.CapacityUnits ?? 0;
    }
  }
  return { read, write };
}

/**
 * Adds the recording middleware to the document client the handlers share. It runs first, so it
 * sees the input in document form, and asks for the consumed capacity (with the index breakdown)
 * on a copy of the input.
 */
export function instrumentDocumentClient(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      const input = structuredClone(args.input as Record<string, unknown>);
      try {
        const output = await next({
          ...args,
          input: { ...(args.input as object), ReturnConsumedCapacity: 'INDEXES' },
        });
        const consumed = (output.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
        const { read, write } = capacityOf(operation, consumed);
        const transaction = operation === 'TransactWriteItems';
        recording.getStore()?.push({
          service: 'dynamodb',
          operation,
          input,
          readUnits: read,
          writeUnits: transaction ? transactionWriteUnits(input, consumed) : write,
          ...(transaction && { reportedUnits: write }),
        });
        return output;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        recording.getStore()?.push({
          service: 'dynamodb',
          operation,
          input,
          readUnits: 0,
          writeUnits: 0,
          error: name,
        });
        throw error;
      }
    },
    { step: 'initialize', priority: 'high', name: 'benchRecordCalls' },
  );
}

type SendFunction = (
  this: unknown,
  command: { readonly input: unknown },
  ...rest: unknown[]
) => Promise<unknown>;

/**
 * Wraps `send` on the client classes of the other services (an own property of each class's
 * prototype, so DynamoDB and other classes are untouched). Only the bench process does this.
 */
export async function instrumentOtherClients(): Promise<void> {
  for (const [service, design] of Object.entries(sdkServices) as [
    ServiceName,
    (typeof sdkServices)[ServiceName],
  ][]) {
    if (!('clientClass' in design)) continue;
    const module = (await import(design.packageName)) as Record<string, unknown>;
    const clientClass = module[design.clientClass] as { prototype: { send: SendFunction } };
    const original = clientClass.prototype.send;
    clientClass.prototype.send = async function (command, ...rest) {
      const operation = command.constructor.name.replace(/Command$/, '');
      const input = structuredClone(command.input) as Record<string, unknown>;
      try {
        const output = await original.call(this, command, ...rest);
        recording.getStore()?.push({ service, operation, input, readUnits: 0, writeUnits: 0 });
        return output;
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        recording
          .getStore()
          ?.push({ service, operation, input, readUnits: 0, writeUnits: 0, error: name });
        throw error;
      }
    };
  }
}
