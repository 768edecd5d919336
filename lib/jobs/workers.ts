/**
 * Every job worker, once: the queue it consumes and its handler module. The CDK stack builds one
 * function and event source mapping per entry, and the local runtime polls with the very same
 * modules, as the route table does for the API.
 */
import type { QueueName } from '../../shared/jobs/queue-design.ts';

export interface WorkerDefinition {
  readonly queue: QueueName;
  /** The handler module, relative to the repository root; it exports `handler`. */
  readonly entry: `functions/${string}.ts`;
}

export const workers = {
  critical: { queue: 'critical', entry: 'functions/jobs/critical-worker.ts' },
  bulk: { queue: 'bulk', entry: 'functions/jobs/bulk-worker.ts' },
} as const satisfies Record<QueueName, WorkerDefinition>;
