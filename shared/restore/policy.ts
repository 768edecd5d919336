/**
 * What a restore does with each partition of a tenant. Typed over every partition of
 * `tenantPartitionSuffixes`, so a new tenant partition does not compile until someone decides here.
 */
import type { TenantPartition } from '#shared/offboarding/model.ts';

/**
 * - `mirror`: the live items become exactly the copy's (added, changed, removed);
 * - `addMissing`: items the live table lacks are brought back, live items are never changed or
 *   removed (a record of what happened since the copy, or a count that is billed);
 * - `skip`: short-lived state that would be stale or wrong when brought back.
 */
export type PartitionPolicy = 'mirror' | 'addMissing' | 'skip';

export const partitionPolicies: Readonly<Record<TenantPartition, PartitionPolicy>> = {
  /** The tenant, its members, invitations, resources (projects, webhooks), job records, counters. */
  main: 'mirror',
  /** The audit trail is append-only: what happened since the copy (the mistake too) stays on record. */
  audit: 'addMissing',
  /** Usage since the copy happened; days and months the live table lost come back. */
  usage: 'addMissing',
  /** The monthly request count is the billed usage figure: a deleted tenant's comes back, a live one stays. */
  limit: 'addMissing',
  /** Replays of answers (24 h): they would name items the restore may have removed. */
  idempotency: 'skip',
  /** Effect claims of queued jobs (7 days): the live table's claims are the ones that matter now. */
  jobRuns: 'skip',
  /** One-time codes, MFA sign-ins and used TOTP codes: minutes-long secrets; a user asks anew. */
  accounts: 'skip',
  /** Priced days and months: the cost history of days the live table lost comes back; live days stay. */
  cost: 'addMissing',
  /** What was reported to Stripe's meters: comes back with the counts it was reported from (limit). */
  meter: 'addMissing',
};
