/**
 * Every partition and sort key of the table is built here. Tenant keys need a TenantScope, which only
 * verified claims or sign-up can produce; the `#` after the tenant id keeps tenant `ab` from matching `abc`.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

const tenantPartition = (scope: TenantScope): string => `T#${scope.tenantId}`;

/**
 * Every partition a tenant owns is `T#<tenantId>` plus one of these suffixes. Whatever must find all
 * of a tenant's items without a Scan (offboarding, export) walks this list, so a new tenant partition
 * is added here or it is not deleted with its tenant.
 */
export const tenantPartitionSuffixes = {
  main: '',
  audit: '#AUDIT',
  idempotency: '#IDEM',
  jobRuns: '#JOBRUN',
  usage: '#USAGE',
  limit: '#LIMIT',
  /** One-time codes and MFA sign-in state of the tenant's users: secrets' plumbing, never exported. */
  accounts: '#ACCOUNT',
  /** Cost and margin per day and month (shared/costs): the operator's figures, never exported. */
  cost: '#COST',
  /** What the hourly job reported to each Stripe meter (shared/billing/metering.ts): bookkeeping. */
  meter: '#METER',
} as const;

/** Sort key prefixes of the items in a tenant's main partition; a new tenant resource adds one. */
export const sortKeyPrefixes = {
  project: 'PROJECT#',
  webhook: 'WEBHOOK#',
  member: 'USER#',
  invitation: 'INVITE#',
  job: 'JOB#',
} as const;

export type SortKeyPrefix = (typeof sortKeyPrefixes)[keyof typeof sortKeyPrefixes];

export const tenantKeys = {
  partition: tenantPartition,
  /** Every partition of the tenant, from tenantPartitionSuffixes. */
  allPartitions: (scope: TenantScope): string[] =>
    Object.values(tenantPartitionSuffixes).map((suffix) => `${tenantPartition(scope)}${suffix}`),
  tenant: (scope: TenantScope): ItemKey => ({ PK: tenantPartition(scope), SK: 'TENANT' }),
  member: (scope: TenantScope, userId: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `${sortKeyPrefixes.member}${userId}`,
  }),
  /** Exact per-tenant counts (projects, seats) that plan limits are checked against in transactions. */
  counters: (scope: TenantScope): ItemKey => ({ PK: tenantPartition(scope), SK: 'COUNTERS' }),
  /** An item of a tenant resource (shared/resources): its prefix from sortKeyPrefixes, then its id. */
  resource: (scope: TenantScope, prefix: SortKeyPrefix, id: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `${prefix}${id}`,
  }),
  /**
   * GSI2 entry of a resource item by the value of one attribute (`index` names both, e.g.
   * `PROJECT_STATUS`): the tenant's items of one value, newest first.
   */
  resourceByAttribute: (
    scope: TenantScope,
    index: string,
    value: string,
    id: string,
  ): { GSI2PK: string; GSI2SK: string } => ({
    GSI2PK: `${tenantPartition(scope)}#${index}#${value}`,
    GSI2SK: id,
  }),
  auditPartition: (scope: TenantScope): string =>
    `${tenantPartition(scope)}${tenantPartitionSuffixes.audit}`,
  auditEvent: (scope: TenantScope, occurredAt: string, eventId: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.audit}`,
    SK: `${occurredAt}#${eventId}`,
  }),
  idempotencyRecord: (scope: TenantScope, scopedKey: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.idempotency}`,
    SK: scopedKey,
  }),
  /** GSI1 entry of an audit event: the tenant's events of one action, newest last by sort key. */
  auditByAction: (
    scope: TenantScope,
    action: string,
    occurredAt: string,
    eventId: string,
  ): { GSI1PK: string; GSI1SK: string } => ({
    GSI1PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.audit}#${action}`,
    GSI1SK: `${occurredAt}#${eventId}`,
  }),
  invitation: (scope: TenantScope, invitationId: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `${sortKeyPrefixes.invitation}${invitationId}`,
  }),
  /** Held while an invitation to this email is pending, so the tenant has one at a time. */
  pendingInvitationEmail: (scope: TenantScope, email: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `INVITE_EMAIL#${email}`,
  }),
  /** The record of a job a tenant can follow (status, progress, result). */
  job: (scope: TenantScope, jobId: string): ItemKey => ({
    PK: tenantPartition(scope),
    SK: `${sortKeyPrefixes.job}${jobId}`,
  }),
  /**
   * Marks a job as claimed or done, so a redelivered message has no second effect. Its own
   * partition: never listed with the tenant's resources, and removed with the tenant.
   */
  jobRun: (scope: TenantScope, jobId: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.jobRuns}`,
    SK: jobId,
  }),
  /**
   * GSI1 entry of an active tenant's item: the sparse index of active tenants, which scheduled work
   * enumerates without a Scan. Sharded so no index partition grows hot; removed when the tenant
   * stops being active.
   */
  activeTenant: (scope: TenantScope): { GSI1PK: string; GSI1SK: string } =>
    tenantIndexEntry('ACTIVE', scope.tenantId),
  /** Where one Stripe meter's reporting stands: the last hour reported and what it counted. */
  meterReport: (scope: TenantScope, eventName: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.meter}`,
    SK: eventName,
  }),
  /** Usage counters of one UTC day (`yyyy-mm-dd`), added to as things happen. */
  usageDay: (scope: TenantScope, day: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.usage}`,
    SK: day,
  }),
  /** Usage counters of one UTC month (`yyyy-mm`): the daily job rolls each finished day into it. */
  usageMonth: (scope: TenantScope, month: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.usage}`,
    SK: month,
  }),
  /**
   * The tenant's request limiter: token bucket and monthly request counts on one item. Shard 0 is
   * `T#<id>#LIMIT`; a tenant allowed more than one partition takes spreads over `T#<id>#LIMIT#<n>`,
   * which expire by TTL instead of being listed in tenantPartitionSuffixes.
   */
  limiter: (scope: TenantScope, shard: number): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.limit}${shard === 0 ? '' : `#${shard}`}`,
    SK: 'LIMIT',
  }),
  /** A user's pending one-time code of one purpose (verify email, reset password, change email). */
  accountCode: (scope: TenantScope, purpose: string, userId: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.accounts}`,
    SK: `CODE#${purpose}#${userId}`,
  }),
  /** A user's pending MFA sign-in: the challenge between the password and the TOTP code. */
  mfaSignIn: (scope: TenantScope, userId: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.accounts}`,
    SK: `MFA_SIGNIN#${userId}`,
  }),
  /** A TOTP code a user has just used (by its hash): refused again until it has left its window. */
  usedTotpCode: (scope: TenantScope, userId: string, codeHash: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.accounts}`,
    SK: `TOTP_USED#${userId}#${codeHash}`,
  }),
  /** The tenant's cost and margin of one UTC day (`yyyy-mm-dd`) or month (`yyyy-mm`). */
  cost: (scope: TenantScope, period: string): ItemKey => ({
    PK: `${tenantPartition(scope)}${tenantPartitionSuffixes.cost}`,
    SK: period,
  }),
  /**
   * GSI1 entry of a cost item: its place in the period's ranking by margin, lowest first, so the
   * least profitable tenants of a day or month are one Query, never a Scan.
   */
  costRanking: (
    scope: TenantScope,
    period: string,
    margin: number,
  ): { GSI1PK: string; GSI1SK: string } => ({
    GSI1PK: costRankingPartition(period),
    GSI1SK: `${sortableMargin(margin)}#${scope.tenantId}`,
  }),
  /**
   * GSI3 entry of a tenant item: the control plane's directory of every tenant, by name, so an
   * operator lists and searches tenants by name prefix without a Scan. One index partition: the
   * tenant item is written rarely (sign-up, settings, plan, status: a few writes per tenant per
   * month), and only operators read it.
   */
  tenantDirectoryEntry: (scope: TenantScope, name: string): { GSI3PK: string; GSI3SK: string } => ({
    GSI3PK: tenantDirectoryPartition,
    GSI3SK: `${tenantDirectoryName(name)}#${scope.tenantId}`,
  }),
  /** GSI1 entry of a member: find the tenants an email belongs to. */
  memberByEmail: (scope: TenantScope, email: string): { GSI1PK: string; GSI1SK: string } => ({
    GSI1PK: `EMAIL#${email}`,
    GSI1SK: tenantPartition(scope),
  }),
} as const;

/** The one GSI3 partition of the tenant directory. */
export const tenantDirectoryPartition = 'TENANTS';

/**
 * How a tenant's name sorts and matches in the directory: case and width folded, so a search for
 * `acme` finds `ACME Corp` and `Ａｃｍｅ`. A name prefix is folded the same way before the query.
 */
export function tenantDirectoryName(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim();
}

/**
 * Shards of each sparse tenant index on GSI1 (`TENANTS#ACTIVE#0` … `#7`, `TENANTS#BILLED#0` …):
 * scheduled work walks them without a Scan, and no index partition grows hot.
 */
export const tenantIndexShards = 8;

/** The sparse tenant indexes: active tenants (on the tenant item), billed ones (on the Stripe lookup). */
export type TenantIndexName = 'ACTIVE' | 'BILLED';

function tenantIndexShard(tenantId: string): number {
  let hash = 0;
  for (const character of tenantId) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return hash % tenantIndexShards;
}

/** The GSI1 partition of one shard of a tenant index (`*`: every shard, for an IAM condition). */
export function tenantIndexPartition(index: TenantIndexName, shard: number | '*'): string {
  return `TENANTS#${index}#${shard}`;
}

/** The GSI1 attributes that put a tenant into a tenant index. */
export function tenantIndexEntry(
  index: TenantIndexName,
  tenantId: string,
): { GSI1PK: string; GSI1SK: string } {
  return { GSI1PK: tenantIndexPartition(index, tenantIndexShard(tenantId)), GSI1SK: tenantId };
}

/** The GSI1 partition ranking every tenant's cost item of one day or month by margin. */
export function costRankingPartition(period: string): string {
  return `COSTRANK#${period}`;
}

/**
 * A margin as a string that sorts like the number: micro-dollars shifted by a million dollars and
 * zero-padded (margins beyond ±$1M a day sort at the ends).
 */
function sortableMargin(margin: number): string {
  const offset = 1_000_000_000_000;
  const shifted = Math.min(2 * offset - 1, Math.max(0, Math.round(margin * 1_000_000) + offset));
  return String(shifted).padStart(13, '0');
}

/** Keys outside any tenant's partition; never built from a tenant route's input. */
export const globalKeys = {
  /**
   * What remains of a deleted tenant: when, by whom, how much was deleted. Outside the tenant's
   * partitions on purpose, so deleting the tenant cannot delete its own record of deletion.
   */
  tombstone: (scope: TenantScope): ItemKey => ({
    PK: `TOMBSTONE#${scope.tenantId}`,
    SK: 'TOMBSTONE',
  }),
  /** The fixed item the readiness check reads; it need not exist. */
  readiness: (): ItemKey => ({ PK: 'HEALTH#ready', SK: 'HEALTH' }),
  /** Guards the uniqueness of a sign-in email across every tenant. */
  emailGuard: (email: string): ItemKey => ({ PK: `EMAIL#${email}`, SK: 'EMAIL' }),
  /**
   * Finds a pending invitation from the public accept route, by the SHA-256 of its secret token
   * (the token itself is never stored).
   */
  invitationToken: (tokenHash: string): ItemKey => ({
    PK: `INVTOKEN#${tokenHash}`,
    SK: 'INVTOKEN',
  }),
  /**
   * A token bucket of the public routes, keyed by what it limits (`IP#<policy>#<ip>`,
   * `EMAIL#<sha256>`, `PAIR#<sha256>#<ip>`); emails are hashed so these items hold no address.
   */
  publicLimiter: (subject: string): ItemKey => ({ PK: `RL#${subject}`, SK: 'LIMIT' }),
  /**
   * The tenant a Stripe customer belongs to: how Stripe's webhook, which names only the customer,
   * finds the tenant. Written before the first Checkout Session, removed at offboarding. It carries
   * the tenant's entry in the billed-tenant index (tenantIndexEntry), which the hourly meter job walks.
   */
  stripeCustomer: (customerId: string): ItemKey => ({
    PK: `STRIPE#${customerId}`,
    SK: 'STRIPE',
  }),
  /** A Stripe event already taken in (TTL 35 days): a redelivery has no second effect. */
  stripeEvent: (eventId: string): ItemKey => ({ PK: `STRIPEEVT#${eventId}`, SK: 'STRIPEEVT' }),
  /**
   * The platform audit trail: what operators did to tenants (operator, action, tenant, reason,
   * request id), newest last. One partition per UTC day, so no partition grows hot or unbounded.
   */
  platformAuditEvent: (day: string, occurredAt: string, eventId: string): ItemKey => ({
    PK: `PLATFORM#AUDIT#${day}`,
    SK: `${occurredAt}#${eventId}`,
  }),
} as const;

/**
 * Object keys in the exports bucket, from a TenantScope like every table key: everything of a tenant
 * lies under `tenants/<tenantId>/`, so deleting a tenant's files is one prefix.
 */
export const storageKeys = {
  tenantPrefix: (scope: TenantScope): string => `tenants/${scope.tenantId}/`,
  exportsPrefix: (scope: TenantScope): string => `tenants/${scope.tenantId}/exports/`,
  exportFile: (scope: TenantScope, jobId: string): string =>
    `tenants/${scope.tenantId}/exports/${jobId}.jsonl.gz`,
} as const;
