/**
 * Scheduled work's fan-out: one job per tenant of a sparse tenant index (shard by shard, never a
 * Scan), sent in batches of ten. The daily upkeep walks the active tenants, the hourly meter job the
 * billed ones.
 */
import { type TenantScope, tenantScopeFromIndex } from '#shared/auth/tenant-context.ts';
import type { JobEnvelope, JobKind } from './envelope.ts';

/** The tenants of one sparse index, shard by shard. */
export interface TenantIndex {
  readonly shards: number;
  tenantIds(shard: number): AsyncIterable<readonly string[]>;
}

/** Sends one job per tenant of `index`; returns how many were sent. */
export async function enqueueForEachTenant<K extends JobKind>(
  index: TenantIndex,
  envelopeOf: (scope: TenantScope) => JobEnvelope<K>,
  send: (envelopes: readonly JobEnvelope<K>[]) => Promise<void>,
): Promise<number> {
  let tenants = 0;
  for (let shard = 0; shard < index.shards; shard++) {
    for await (const ids of index.tenantIds(shard)) {
      const envelopes = ids.flatMap((tenantId) => {
        const scope = tenantScopeFromIndex(tenantId);
        return scope ? [envelopeOf(scope)] : [];
      });
      for (let offset = 0; offset < envelopes.length; offset += 10) {
        await send(envelopes.slice(offset, offset + 10));
      }
      tenants += envelopes.length;
    }
  }
  return tenants;
}
