/**
 * Turns the calls a bundle sent on the wire into calls its bare baseline replays in another world:
 * world tags and per-world values rewritten, DynamoDB attribute values back in document form (the
 * baseline sends them through the document client, as the route's code does).
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { serviceByTargetPrefix, type WireCall } from './drivers/wire.ts';
import { type RecordedCall, type ServiceName, sdkServices } from './instrument.ts';
import { rewriteWorld, type Swaps, type WorldName } from './world.ts';

/** What a bare baseline needs of a call to make it again. */
export type ReplayCall = Pick<RecordedCall, 'service' | 'operation' | 'input' | 'error'>;

/** Members of a DynamoDB request whose value is one item's attributes, or a list of them. */
const attributeMaps = new Set(['Key', 'Item', 'ExpressionAttributeValues', 'ExclusiveStartKey']);
const attributeMapLists = new Set(['Keys']);

type AttributeMap = Parameters<typeof unmarshall>[0];

/** A DynamoDB request body in the document client's form: every attribute map unmarshalled. */
export function documentForm(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) {
    return member !== undefined && attributeMapLists.has(member)
      ? value.map((entry) => unmarshall(entry as AttributeMap))
      : value.map((entry) => documentForm(entry));
  }
  if (value === null || typeof value !== 'object') return value;
  if (member !== undefined && attributeMaps.has(member)) return unmarshall(value as AttributeMap);
  return Object.fromEntries(
    Object.entries(value).map(([name, entry]) => [name, documentForm(entry, name)]),
  );
}

function isServiceName(name: string | undefined): name is ServiceName {
  return name !== undefined && name in sdkServices;
}

/**
 * Members the SDK fills in by itself: a replay gets its own, as the route's call did (DynamoDB
 * refuses a transaction token reused with other parameters, and another world's table is one).
 */
const generatedMembers = ['ClientRequestToken'];

function withoutGenerated(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(([name]) => !generatedMembers.includes(name)),
  );
}

/** `calls`, sent in world `from`, as the same calls in world `to`. */
export function replayCalls(
  calls: readonly WireCall[],
  from: WorldName,
  to: WorldName,
  swaps: Swaps,
): ReplayCall[] {
  return calls.map(({ target, body, status }) => {
    const [prefix = '', operation = ''] = target.split('.');
    const service = serviceByTargetPrefix[prefix];
    if (!isServiceName(service)) throw new Error(`No bare client for ${target}`);
    const sent = withoutGenerated(JSON.parse(body) as Record<string, unknown>);
    const input = rewriteWorld(sent, from, to, swaps);
    return {
      service,
      operation,
      input: service === 'dynamodb' ? (documentForm(input) as Record<string, unknown>) : input,
      // The route's own call failed (a condition it checks): the replay fails the same way.
      ...(status !== undefined && status >= 400 && { error: `HTTP ${status}` }),
    };
  });
}
