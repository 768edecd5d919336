/**
 * Every job worker, once: the queue it consumes, its handler module and what it may touch. The CDK
 * stack builds one function and event source mapping per entry, and the local runtime polls with the
 * very same modules, as the route table does for the API.
 */
import type { GlobalPartition, TableAccess, UserPoolAction } from '#shared/http/route.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';

export interface WorkerDefinition {
  readonly queue: QueueName;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: `functions/${string}.ts`;
  readonly description: string;
  readonly table: TableAccess;
  /**
   * Global items it writes with its own role (tenant items go through the tenant-scoped roles),
   * e.g. offboarding's email guards, invitation lookups and the tombstone.
   */
  readonly globalWrites?: readonly GlobalPartition[];
  /** Queues it enqueues onto (continuations of long jobs, follow-up jobs). */
  readonly queues?: readonly QueueName[];
  /** Sends mail through SES. */
  readonly mail?: boolean;
  /** Cognito actions on the user pool (tenant deletion removes its users). */
  readonly userPool?: readonly UserPoolAction[];
  /** Calls Stripe (billing syncs, reconciliation, offboarding): the Stripe secret and prices. */
  readonly stripe?: true;
  /** Writes and deletes tenants' files in the exports bucket. */
  readonly exportFiles?: 'readWrite';
}

export const workers = {
  critical: {
    queue: 'critical',
    entry: 'functions/jobs/critical-worker.ts',
    description: 'Runs jobs-critical jobs: emails, Stripe syncs',
    table: 'readWrite',
    mail: true,
    queues: ['critical'],
    stripe: true,
  },
  bulk: {
    queue: 'bulk',
    entry: 'functions/jobs/bulk-worker.ts',
    description: 'Runs jobs-bulk jobs: exports, tenant deletion, daily upkeep',
    table: 'readWrite',
    globalWrites: ['EMAIL', 'INVTOKEN', 'TOMBSTONE', 'STRIPE'],
    queues: ['bulk'],
    stripe: true,
    exportFiles: 'readWrite',
    userPool: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminDeleteUser'],
  },
} as const satisfies Record<QueueName, WorkerDefinition>;
