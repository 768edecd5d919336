/**
 * Compares one tenant's items in a restored copy of the table with the live table and plans the
 * writes that make the live side match the copy, partition by partition as ./policy.ts says, with
 * the counters recomputed from what the restore leaves. Pure: the same inputs give the same plan,
 * which is what makes an interrupted restore resumable (a rerun plans only what is left).
 */
import { isDeepStrictEqual } from 'node:util';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { type ItemKey, sortKeyPrefixes, tenantKeys } from '#shared/data/keys.ts';
import type { TenantPartition } from '#shared/offboarding/model.ts';
import type { GlobalPair, KindChanges, MemberSummary, RestorePlan, StoredItem } from './model.ts';
import { RestoreRefused } from './model.ts';
import { partitionPolicies } from './policy.ts';

export type PartitionItems = Readonly<Partial<Record<TenantPartition, readonly StoredItem[]>>>;

export interface PlanInput {
  readonly scope: TenantScope;
  readonly source: PartitionItems;
  readonly live: PartitionItems;
  /** Every global item a tenant item owns on either side (keys.ts globalKeys), read on both. */
  readonly globals: readonly GlobalPair[];
  /** The plan-limited tenant resources: item type and the counter named by its plural. */
  readonly countedResources: readonly { readonly name: string; readonly plural: string }[];
}

const keyOf = (key: ItemKey): string => `${key.PK}\u0000${key.SK}`;
const kindOf = (item: StoredItem, partition: string): string =>
  typeof item.type === 'string' ? item.type : partition;
const onlyKey = ({ PK, SK }: ItemKey): ItemKey => ({ PK, SK });

function member(item: StoredItem): MemberSummary {
  return { userId: String(item.userId), email: String(item.email), role: String(item.role) };
}

export function planRestore(input: PlanInput): RestorePlan {
  const changes: Record<string, KindChanges> = {};
  const count = (kind: string, what: keyof KindChanges): void => {
    changes[kind] ??= { added: 0, changed: 0, removed: 0, kept: 0, unchanged: 0 };
    changes[kind][what]++;
  };
  const tenantKey = keyOf(tenantKeys.tenant(input.scope));
  const countersKey = keyOf(tenantKeys.counters(input.scope));
  const puts: StoredItem[] = [];
  const deletes: ItemKey[] = [];
  const membersWithoutSignIn: MemberSummary[] = [];
  const membersRemoved: MemberSummary[] = [];
  let tenantPut: StoredItem | undefined;
  // Written last, so it stays missing until a resumed restore of a deleted tenant has finished: every
  // member of the copy lacks a sign-in then, also those an interrupted run already wrote back.
  const tenantDeleted = !(input.live.main ?? []).some((item) => keyOf(item) === tenantKey);

  for (const [partition, policy] of Object.entries(partitionPolicies) as [
    TenantPartition,
    (typeof partitionPolicies)[TenantPartition],
  ][]) {
    if (policy === 'skip') continue;
    const live = new Map((input.live[partition] ?? []).map((item) => [keyOf(item), item]));
    const source = (input.source[partition] ?? []).filter((item) => keyOf(item) !== countersKey);
    const inSource = new Set(source.map(keyOf));
    for (const item of source) {
      const kind = kindOf(item, partition);
      const current = live.get(keyOf(item));
      if (kind === 'member' && (current === undefined || tenantDeleted)) {
        membersWithoutSignIn.push(member(item));
      }
      if (current === undefined) {
        count(kind, 'added');
      } else if (isDeepStrictEqual(current, item)) {
        count(kind, 'unchanged');
        continue;
      } else if (policy === 'mirror') {
        count(kind, 'changed');
      } else {
        count(kind, 'kept');
        continue;
      }
      if (keyOf(item) === tenantKey) tenantPut = item;
      else puts.push(item);
    }
    for (const [key, item] of live) {
      if (inSource.has(key) || key === countersKey) continue;
      const kind = kindOf(item, partition);
      if (policy === 'mirror') {
        count(kind, 'removed');
        deletes.push(onlyKey(item));
        if (kind === 'member') membersRemoved.push(member(item));
      } else {
        count(kind, 'kept');
      }
    }
  }

  const { globalPuts, globalDeletes } = planGlobals(input, count);
  const counters = countersAfter(input);
  const countersPut = countersItem(input, counters);
  const liveCounters = (input.live.main ?? []).find((item) => keyOf(item) === countersKey);
  if (liveCounters === undefined) count('counters', 'added');
  else if (isDeepStrictEqual(liveCounters, countersPut)) count('counters', 'unchanged');
  else count('counters', 'changed');
  if (!isDeepStrictEqual(liveCounters, countersPut)) puts.push(countersPut);

  return {
    puts,
    tenant: tenantPut,
    deletes,
    globalPuts,
    globalDeletes,
    changes,
    counters,
    membersWithoutSignIn,
    membersRemoved,
  };
}

function planGlobals(
  input: PlanInput,
  count: (kind: string, what: keyof KindChanges) => void,
): Pick<RestorePlan, 'globalPuts' | 'globalDeletes'> {
  const globalPuts: StoredItem[] = [];
  const globalDeletes: ItemKey[] = [];
  const taken: string[] = [];
  const ours = (item: StoredItem | undefined): boolean =>
    item !== undefined && item.tenantId === input.scope.tenantId;
  for (const { key, source, live } of input.globals) {
    if (source !== undefined && ours(source)) {
      const kind = kindOf(source, 'global');
      if (live !== undefined && !ours(live)) taken.push(key.PK);
      else if (live === undefined) count(kind, 'added');
      else if (isDeepStrictEqual(live, source)) {
        count(kind, 'unchanged');
        continue;
      } else count(kind, 'changed');
      globalPuts.push(source);
    } else if (live !== undefined && ours(live)) {
      count(kindOf(live, 'global'), 'removed');
      globalDeletes.push(onlyKey(live));
    }
  }
  if (taken.length > 0) {
    throw new RestoreRefused(
      `Another tenant holds ${taken.length} of this tenant's global items now (${taken.join(', ')}): an email taken again since the copy cannot be given back. Nothing was written.`,
    );
  }
  return { globalPuts, globalDeletes };
}

/** The counts the restored main partition adds up to: each resource's items, and seats. */
function countersAfter(input: PlanInput): Record<string, number> {
  const items = input.source.main ?? [];
  const ofType = (type: string): StoredItem[] => items.filter((item) => item.type === type);
  const counters: Record<string, number> = {};
  for (const resource of input.countedResources) {
    counters[resource.plural] = ofType(resource.name).length;
  }
  // Seats are members plus pending invitations (shared/data/counters.ts).
  counters.seats =
    items.filter((item) => item.SK.startsWith(sortKeyPrefixes.member)).length +
    items.filter(
      (item) => item.SK.startsWith(sortKeyPrefixes.invitation) && item.status === 'pending',
    ).length;
  return counters;
}

function countersItem(input: PlanInput, counters: Record<string, number>): StoredItem {
  const key = tenantKeys.counters(input.scope);
  const source = (input.source.main ?? []).find((item) => keyOf(item) === keyOf(key));
  return { ...key, type: 'counters', ...source, ...counters };
}
