/**
 * The emulators and three "worlds", one table each, seeded identically: `prof`, where the bench
 * process runs the handlers from source and records their calls; `route`, where the bundles run;
 * and `base`, where the bare baselines replay the recorded calls. Separate tables let every
 * baseline replay a route's writes exactly (same keys, same conditions) without colliding with the
 * route's own writes. The Cognito user pool is shared; data that must differ per world (a new
 * sign-up's email) carries the world's tag, which replays rewrite.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as documentCommands from '@aws-sdk/lib-dynamodb';
import { createTable, localCredentials } from '#dev/bootstrap.ts';
import { type LocalStack, startLocalStack } from '#dev/local-stack.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import type { RecordedCall } from './instrument.ts';
import { isDynamoDbRead } from './instrument.ts';

export const worldNames = ['prof', 'route', 'base'] as const;
export type WorldName = (typeof worldNames)[number];

/** The world's table name, and the tag in any world-specific request data. */
export function worldTag(world: WorldName): string {
  return `bench-${world}`;
}

/** The document-client command class (by export name) for each DynamoDB operation. */
export const documentCommandNames: Readonly<Record<string, string>> = {
  GetItem: 'GetCommand',
  PutItem: 'PutCommand',
  UpdateItem: 'UpdateCommand',
  DeleteItem: 'DeleteCommand',
  Query: 'QueryCommand',
  BatchGetItem: 'BatchGetCommand',
  BatchWriteItem: 'BatchWriteCommand',
  TransactGetItems: 'TransactGetCommand',
  TransactWriteItems: 'TransactWriteCommand',
};

/** Any command the document client sends. */
export type DocumentCommand = Parameters<DynamoDBDocumentClient['send']>[0];

type CommandClass = new (input: Record<string, unknown>) => DocumentCommand;

/** The document-client command of `operation` with `input`, as the shared code would send it. */
export function documentCommand(
  operation: string,
  input: Record<string, unknown>,
): DocumentCommand {
  const name = documentCommandNames[operation];
  const commandClass = name
    ? (documentCommands as unknown as Record<string, CommandClass>)[name]
    : undefined;
  if (commandClass === undefined) throw new Error(`No document command for ${operation}`);
  return new commandClass(input);
}

/** Strings to replace, each first by its second (see rewriteWorld). */
export type Swaps = readonly (readonly [string, string])[];

/**
 * Replaces one world's tag by another's everywhere in `value` (a JSON-compatible value), and each
 * of `swaps`' first strings by its second (per-world values that cannot carry the tag).
 */
export function rewriteWorld<T>(value: T, from: WorldName, to: WorldName, swaps: Swaps = []): T {
  const inJson = (text: string): string => JSON.stringify(text).slice(1, -1);
  let json = JSON.stringify(value).replaceAll(worldTag(from), worldTag(to));
  for (const [was, is] of swaps) {
    if (was !== '') json = json.replaceAll(inJson(was), inJson(is));
  }
  return JSON.parse(json) as T;
}

type Item = Record<string, unknown>;

/** The DynamoDB writes among `calls` that succeeded: what a world must repeat to hold the same. */
function successfulWrites(calls: readonly RecordedCall[]): RecordedCall[] {
  return calls.filter(
    (call) => call.service === 'dynamodb' && !isDynamoDbRead(call.operation) && !call.error,
  );
}

/** The items `call` puts, when putting items is all it does. */
function putItemsOf(call: RecordedCall): Item[] | undefined {
  if (call.operation === 'PutItem') return [call.input.Item as Item];
  if (call.operation !== 'TransactWriteItems') return undefined;
  const actions = call.input.TransactItems as readonly { Put?: { Item: Item } }[];
  const items = actions.map((action) => action.Put?.Item);
  return items.every((item) => item !== undefined) ? items : undefined;
}

/** BatchWriteItem's limit. */
const batchSize = 25;

async function batchPut(
  client: DynamoDBDocumentClient,
  table: string,
  items: readonly Item[],
): Promise<void> {
  let pending: Record<string, { PutRequest?: { Item: Item } }[]> = {
    [table]: items.map((Item) => ({ PutRequest: { Item } })),
  };
  while (Object.keys(pending).length > 0) {
    const { UnprocessedItems = {} } = await client.send(
      new documentCommands.BatchWriteCommand({ RequestItems: pending }),
    );
    pending = UnprocessedItems as typeof pending;
  }
}

export interface Worlds {
  readonly stack: LocalStack;
  /** The environment a function gets in `world`, as CDK sets it on AWS plus the local endpoints. */
  functionEnv(world: WorldName): Record<string, string>;
  /**
   * Queues the successful DynamoDB writes of `calls`, made in `prof`, for the other worlds; they
   * apply in order, in the background, until `flush`.
   */
  mirrorWrites(calls: readonly RecordedCall[]): void;
  /**
   * Queues copies of the successful DynamoDB writes of `calls`, made in `prof`, for every world
   * (`prof` too): one per entry of `copies`, each of its first strings replaced by its second. So a
   * request's writes are repeated under new ids without running it again. Puts go in batches of 25,
   * without their conditions (a copy's keys are new); any other write is sent as it was.
   */
  copyWrites(calls: readonly RecordedCall[], copies: readonly Swaps[]): void;
  /** Queues one document command for every world's table (`TableName` is set per world). */
  updateEverywhere(operation: string, input: Record<string, unknown>): void;
  /** Waits for every queued write; throws the first that failed. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorlds(): Promise<Worlds> {
  const stack = await startLocalStack({ appName: 'tenantkit-bench' });
  try {
    const endpoint = stack.endpoints.dynamodb;
    await Promise.all(worldNames.map((world) => createTable(endpoint, worldTag(world))));
    const client = createDocumentClient({ region: stack.env.AWS_REGION ?? 'us-east-1', endpoint });
    // One queue per world keeps mirrored writes in order (transactions on one counters item would
    // otherwise conflict), while the worlds proceed in parallel.
    const queues = new Map<WorldName, Promise<void>>();
    const failures: unknown[] = [];
    const enqueue = (world: WorldName, work: () => Promise<unknown>): void => {
      const next = (queues.get(world) ?? Promise.resolve()).then(async () => {
        await work();
      });
      queues.set(
        world,
        next.catch((error: unknown) => {
          failures.push(error);
        }),
      );
    };
    const mirrored = worldNames.filter((world) => world !== 'prof');
    const queueWrites = (
      calls: readonly RecordedCall[],
      into: readonly WorldName[],
      swaps: Swaps,
    ): void => {
      const writes = successfulWrites(calls);
      for (const world of into) {
        for (const call of writes) {
          const input = rewriteWorld(call.input, 'prof', world, swaps);
          enqueue(world, () => client.send(documentCommand(call.operation, input)));
        }
      }
    };

    return {
      stack,
      functionEnv(world) {
        const { POWERTOOLS_METRICS_DISABLED: _disabled, ...env } = stack.env;
        return {
          ...env,
          AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
          TABLE_NAME: worldTag(world),
          // As ServiceFunction sets them: metrics on (EMF to stdout), default log level.
          POWERTOOLS_SERVICE_NAME: 'tenantkit',
          POWERTOOLS_METRICS_NAMESPACE: 'TenantKit',
          // Node 20 locally, 22 on Lambda: the SDK's warning would be noise in the timings.
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        };
      },
      mirrorWrites(calls) {
        queueWrites(calls, mirrored, []);
      },
      copyWrites(calls, copies) {
        const puts: Item[] = [];
        const others: RecordedCall[] = [];
        for (const call of successfulWrites(calls)) {
          const items = putItemsOf(call);
          if (items) puts.push(...items);
          else others.push(call);
        }
        for (const world of worldNames) {
          const items = copies.flatMap((swaps) => rewriteWorld(puts, 'prof', world, swaps));
          for (let start = 0; start < items.length; start += batchSize) {
            const batch = items.slice(start, start + batchSize);
            enqueue(world, () => batchPut(client, worldTag(world), batch));
          }
        }
        for (const swaps of copies) queueWrites(others, worldNames, swaps);
      },
      updateEverywhere(operation, input) {
        for (const world of worldNames) {
          const command = documentCommand(operation, { ...input, TableName: worldTag(world) });
          enqueue(world, () => client.send(command));
        }
      },
      async flush() {
        await Promise.all(queues.values());
        if (failures.length > 0) throw failures[0];
      },
      async stop() {
        client.destroy();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}
