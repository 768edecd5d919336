/**
 * A tenant's usage in the current month as the API shows it: requests counted by the rate
 * limiter against the monthly quota, what it holds against its plan's limits, and the other
 * counters jobs record (exports…). Read, never written, here.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';

export interface StoredUsage {
  /** Requests counted this month on the limiter's items, all shards. */
  readonly requests: number;
  /** What the tenant holds now, by counter name (`seats`, `projects`, `webhooks`). */
  readonly holdings: Readonly<Record<string, number>>;
  /** This month's other counters: the month's roll-up plus the days not rolled up yet. */
  readonly counters: Readonly<Record<string, number>>;
}

export interface UsageReader {
  /** One month's figures (`yyyy-mm`); `shards` is how many limiter items the tenant spreads over. */
  read(scope: TenantScope, month: string, shards: number): Promise<StoredUsage>;
}
