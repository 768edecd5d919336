/**
 * The emulators and three "worlds", one table each, seeded identically: `prof`, where the bench
 * process runs the handlers from source and records their calls; `route`, where the bundles run;
 * and `base`, where the bare baselines replay the calls recorded in `prof` (cold starts) or sent in
 * `route` (warm runs). Separate tables let every baseline replay a route's writes exactly (same
 * keys, same conditions) without colliding with the route's own writes. The Cognito user pool is
 * shared; data that must differ per world (a new sign-up's email) carries the world's tag, which
 * replays rewrite.
 */

import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as documentCommands from '@aws-sdk/lib-dynamodb';
import { createTable, localCredentials } from '#dev/bootstrap.ts';
import { type LocalStack, startLocalStack } from '#dev/local-stack.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import { tableDesign } from '#shared/data/table-design.ts';
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

/** One item written (or checked) by a recorded call: a transaction's action, or the call itself. */
interface ItemWrite {
  readonly action: 'Put' | 'Update' | 'Delete' | 'ConditionCheck';
  /** As a single-item command takes it: `TableName`, `Item` or `Key`, the expressions. */
  readonly input: Item;
}

const singleItemActions: Readonly<Record<string, ItemWrite['action']>> = {
  PutItem: 'Put',
  UpdateItem: 'Update',
  DeleteItem: 'Delete',
};

function itemWritesOf(call: RecordedCall): ItemWrite[] {
  if (call.operation === 'TransactWriteItems') {
    return (call.input.TransactItems as readonly Record<ItemWrite['action'], Item>[]).map(
      (entry) => {
        const [action, input] = Object.entries(entry)[0] ?? [];
        if (action === undefined || input === undefined)
          throw new Error('An empty transaction item');
        return { action: action as ItemWrite['action'], input };
      },
    );
  }
  const action = singleItemActions[call.operation];
  if (action === undefined) throw new Error(`Cannot copy a ${call.operation}`);
  return [{ action, input: call.input }];
}

/** The table key of `item`. */
function keyOf(item: Item): Item {
  const { partitionKey, sortKey } = tableDesign;
  return { [partitionKey]: item[partitionKey], [sortKey]: item[sortKey] };
}

/** The table key of the item `write` acts on. */
function writtenKey(write: ItemWrite): Item {
  const { Key, Item: item } = write.input as { Key?: Item; Item?: Item };
  if (Key !== undefined) return Key;
  if (item === undefined) throw new Error(`A ${write.action} names no item`);
  return keyOf(item);
}

/** The items the successful DynamoDB writes of `calls` put (transactions' puts included). */
export function itemsPut(calls: readonly RecordedCall[]): Item[] {
  return successfulWrites(calls)
    .flatMap(itemWritesOf)
    .flatMap((write) => (write.action === 'Put' ? [write.input.Item as Item] : []));
}

/** An update that only adds a number to one attribute (`ADD #seats :one`), or undefined. */
function incrementOf(
  update: Item,
): { readonly path: string; readonly operand: string; readonly by: number } | undefined {
  const match = /^ADD (\S+) (:\w+)$/.exec(String(update.UpdateExpression ?? '').trim());
  const [, path, operand] = match ?? [];
  if (path === undefined || operand === undefined) return undefined;
  const by = (update.ExpressionAttributeValues as Item | undefined)?.[operand];
  return typeof by === 'number' ? { path, operand, by } : undefined;
}

/**
 * The copies' `updates` of shared items (each copy's in turn), with alike increments merged when
 * increments are all there are: `count` copies' `ADD #seats :one` become one update that adds what
 * the first `count - 1` would, without a condition, then the last as recorded, whose condition (the
 * plan's limit on the count) sees the count the last copy would see. Such a limit bounds the count
 * on the side it moves to, so when the last copy passes it, every copy before it did.
 */
function mergeIncrements(updates: readonly Item[]): Item[] {
  if (!updates.every((update) => incrementOf(update) !== undefined)) return [...updates];
  const alike = new Map<string, { readonly update: Item; count: number }>();
  for (const update of updates) {
    const key = JSON.stringify(update);
    const entry = alike.get(key);
    if (entry === undefined) alike.set(key, { update, count: 1 });
    else entry.count++;
  }
  return [...alike.values()].flatMap(({ update, count }) => {
    const increment = incrementOf(update);
    if (increment === undefined || count === 1) return [update];
    const { path, operand, by } = increment;
    const names = update.ExpressionAttributeNames as Readonly<Record<string, string>> | undefined;
    const raise: Item = {
      TableName: update.TableName,
      Key: update.Key,
      UpdateExpression: `ADD ${path} ${operand}`,
      ...(path.startsWith('#') && { ExpressionAttributeNames: { [path]: names?.[path] } }),
      ExpressionAttributeValues: { [operand]: by * (count - 1) },
    };
    return [raise, update];
  });
}

/** BatchWriteItem's limit. */
const batchSize = 25;
/** BatchGetItem's limit. */
const batchGetSize = 100;
/** A world's batches of copies written side by side: DynamoDB Local takes them a third faster. */
const batchesSideBySide = 4;

/** `write(item)` for each of `items` in order, `lanes` at a time. */
async function writeInLanes<T>(
  items: readonly T[],
  lanes: number,
  write: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await write(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}

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

/** The items of `keys` that exist in `table` (read consistently), in no particular order. */
async function batchGet(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly Item[],
): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += batchGetSize) {
    let pending: Record<string, { Keys: Item[]; ConsistentRead: boolean }> = {
      [table]: { Keys: keys.slice(start, start + batchGetSize), ConsistentRead: true },
    };
    while (Object.keys(pending).length > 0) {
      const { Responses = {}, UnprocessedKeys = {} } = await client.send(
        new documentCommands.BatchGetCommand({ RequestItems: pending }),
      );
      found.push(...(Responses[table] ?? []));
      pending = UnprocessedKeys as typeof pending;
    }
  }
  return found;
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
   * Queues, for every world (`prof` too), copies of what the successful DynamoDB writes of `calls`
   * (made in `prof`) did: one per entry of `copies`, each of its first strings replaced by its
   * second, so requests' effects are repeated under new ids without running them again. Resolves
   * once queued. An item whose key the swaps change is the copy's own: it is copied as `prof` holds
   * it now, so an item put then updated arrives updated and one put then deleted never arrives;
   * these go in batches of 25, without conditions (a copy's keys are new; keys two copies would
   * share throw). An item whose key the swaps leave alone (a tenant's counters) is shared: the
   * copies repeat the template's updates of it, one after the other, with their conditions (a
   * plan's limit), alike increments merged (see mergeIncrements). Condition checks write nothing
   * and are not repeated.
   */
  copyWrites(calls: readonly RecordedCall[], copies: readonly Swaps[]): Promise<void>;
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
      async copyWrites(calls, copies) {
        const writes = successfulWrites(calls)
          .flatMap(itemWritesOf)
          .filter((write) => write.action !== 'ConditionCheck');
        const keys = new Map(
          writes.map((write) => [JSON.stringify(writtenKey(write)), writtenKey(write)]),
        );
        const left = await batchGet(client, worldTag('prof'), [...keys.values()]);
        const owned: Item[] = [];
        const sharedUpdates: Item[] = [];
        const ownedKeys = new Set<string>();
        for (const swaps of copies) {
          const swapped = <T>(value: T): T => rewriteWorld(value, 'prof', 'prof', swaps);
          const isShared = (key: Item): boolean =>
            JSON.stringify(swapped(key)) === JSON.stringify(key);
          for (const write of writes) {
            if (!isShared(writtenKey(write))) continue;
            if (write.action !== 'Update') {
              throw new Error(
                `Every copy would ${write.action.toLowerCase()} ${JSON.stringify(writtenKey(write))}: no swap changes its key`,
              );
            }
            sharedUpdates.push(swapped(write.input));
          }
          for (const item of left) {
            if (isShared(keyOf(item))) continue;
            const copy = swapped(item);
            const key = JSON.stringify(keyOf(copy));
            if (ownedKeys.has(key)) throw new Error(`Two copies would write the item ${key}`);
            ownedKeys.add(key);
            owned.push(copy);
          }
        }
        for (const world of worldNames) {
          const items = rewriteWorld(owned, 'prof', world);
          const batches = Array.from({ length: Math.ceil(items.length / batchSize) }, (_, n) =>
            items.slice(n * batchSize, (n + 1) * batchSize),
          );
          const updates = rewriteWorld(mergeIncrements(sharedUpdates), 'prof', world);
          // The copies' own items and the shared ones' updates touch no item in common.
          enqueue(world, () =>
            Promise.all([
              writeInLanes(batches, batchesSideBySide, (batch) =>
                batchPut(client, worldTag(world), batch),
              ),
              writeInLanes(updates, 1, (update) =>
                client.send(documentCommand('UpdateItem', update)),
              ),
            ]),
          );
        }
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
