/** The job queues: read by the CDK construct and the local bootstrap, so both build the same queues. */

export interface QueueDesign {
  /** Base name; CDK and the local runtime prefix it with the stack or app name. */
  readonly name: string;
  /** Longer than the worker's timeout, so a message is not redelivered while still being worked on. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
}

export const queueDesign = {
  critical: {
    name: 'jobs-critical',
    visibilityTimeoutSeconds: 60,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
  bulk: {
    name: 'jobs-bulk',
    visibilityTimeoutSeconds: 900,
    maxReceiveCount: 5,
    retentionDays: 4,
  },
} as const satisfies Record<string, QueueDesign>;

export type QueueName = keyof typeof queueDesign;

/** Dead-letter queues keep messages the longest SQS allows, to leave time to inspect and redrive. */
export const deadLetterRetentionDays = 14;
