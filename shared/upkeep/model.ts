/**
 * Scheduled upkeep as the domain sees it: the usage counters a tenant's daily job rolls up, and the
 * port behind them (invitations expire through their own store).
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';

/** Named usage counters, e.g. `{ exports: 1, exportedItems: 3504 }`. */
export type UsageCounters = Readonly<Record<string, number>>;

export type RollUpOutcome =
  | { readonly kind: 'rolledUp'; readonly counters: UsageCounters }
  | { readonly kind: 'alreadyRolledUp' }
  | { readonly kind: 'nothingRecorded' };

export interface UsageStore {
  /** Adds to today's counters (UTC day of `at`). */
  add(scope: TenantScope, counters: UsageCounters, at: Date): Promise<void>;
  /** Adds one finished day's counters to its month, once: the day is marked in the same transaction. */
  rollUpDay(scope: TenantScope, day: string): Promise<RollUpOutcome>;
}
