/** The job queues: read by the CDK construct and the local bootstrap, so both build the same queues. */

export interface QueueDesign {
  /** Base name; CDK and the local runtime prefix it with the stack or app name. */
  readonly name: string;
  /**
   * At least six times the worker's timeout (AWS guidance for SQS event sources), so a message is
   * not redelivered while a batch, including the retries of a throttled invocation, is still running.
   */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** How the worker consumes the queue: the Lambda event source mapping and the local poller alike. */
  readonly consumer: {
    /** Records per invocation. */
    readonly batchSize: number;
    /** How long to gather records before invoking with a partial batch. */
    readonly maxBatchingWindowSeconds: number;
    /** The worker function's timeout. */
    readonly workerTimeoutSeconds: number;
    /** Concurrent worker invocations at most (reserved concurrency and the mapping's maximum). */
    readonly maxConcurrency: number;
  };
}

export const queueDesign = {
  critical: {
    name: 'jobs-critical',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 4,
    // Small, fast jobs (one email each): full batches, processed in parallel.
    consumer: {
      batchSize: 10,
      maxBatchingWindowSeconds: 1,
      workerTimeoutSeconds: 10,
      maxConcurrency: 5,
    },
  },
  bulk: {
    name: 'jobs-bulk',
    visibilityTimeoutSeconds: 1800,
    maxReceiveCount: 5,
    retentionDays: 4,
    // Long jobs (exports, deletions): one per invocation, so a slow one never delays its batch mates.
    consumer: {
      batchSize: 1,
      maxBatchingWindowSeconds: 0,
      workerTimeoutSeconds: 300,
      maxConcurrency: 2,
    },
  },
} as const satisfies Record<string, QueueDesign>;

export type QueueName = keyof typeof queueDesign;

/** Dead-letter queues keep messages the longest SQS allows, to leave time to inspect and redrive. */
export const deadLetterRetentionDays = 14;
