/**
 * The job queues from the shared queue design, each with its dead-letter queue and an alarm that
 * fires as soon as one message is dead, since every dead message is a job a tenant is waiting for.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BindableQueues, ServiceFunction } from '#lib/common/service-function.ts';
import { deadLetterRetentionDays, type QueueName, queueDesign } from '#shared/jobs/queue-design.ts';

export interface JobQueue {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterAlarm: Alarm;
}

function pascalCase(name: string): string {
  return name.replace(/(^|[-_])(\w)/g, (_match, _sep: string, letter: string) =>
    letter.toUpperCase(),
  );
}

export interface WorkerOptions {
  /**
   * Messages per invocation; the worker reports failures per message, so a big batch is safe.
   * @default - the queue design's consumer.batchSize
   */
  readonly batchSize?: number;
  /**
   * How long the mapping gathers messages before invoking with a partial batch.
   * @default - the queue design's consumer.maxBatchingWindowSeconds
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Concurrent invocations this queue may drive, to protect what the worker calls (SES, the table).
   * Keep it at or below the worker's reserved concurrency, or throttled invocations count as receives.
   * @default - the queue design's consumer.maxConcurrency
   */
  readonly maxConcurrency?: number;
}

export class JobQueues extends Construct implements BindableQueues {
  readonly queues: Readonly<Record<QueueName, JobQueue>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // Named `<stack>-<design name>` as the queue design asks, so operators find `TenantKit-prod-jobs-bulk`.
    const stackName = Stack.of(this).stackName;
    const build = (name: QueueName): JobQueue => {
      const design = queueDesign[name];
      const prefix = pascalCase(design.name);
      const deadLetterQueue = new Queue(this, `${prefix}Dlq`, {
        queueName: `${stackName}-${design.name}-dlq`,
        retentionPeriod: Duration.days(deadLetterRetentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
      });
      const queue = new Queue(this, prefix, {
        queueName: `${stackName}-${design.name}`,
        visibilityTimeout: Duration.seconds(design.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(design.retentionDays),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: design.maxReceiveCount },
      });
      const deadLetterAlarm = new Alarm(this, `${prefix}DlqAlarm`, {
        alarmDescription: `Messages in the ${design.name} dead-letter queue: inspect them and redrive once fixed.`,
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(1),
          statistic: Stats.MAXIMUM,
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // SQS stops publishing metrics for idle queues; no data means no dead messages.
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      return { queue, deadLetterQueue, deadLetterAlarm };
    };
    this.queues = { critical: build('critical'), bulk: build('bulk') };
  }

  /**
   * Makes `worker` the consumer of a queue, with partial batch responses (a failed message is retried
   * alone). Refuses a worker whose timeout exceeds a sixth of the visibility timeout, as AWS advises
   * for SQS event sources, so a message never reappears while a delivery of it, including the
   * retries of a throttled invocation, is still being worked on.
   */
  addWorker(name: QueueName, worker: ServiceFunction, options: WorkerOptions = {}): SqsEventSource {
    const design = queueDesign[name];
    const visibility = design.visibilityTimeoutSeconds;
    const timeout = worker.timeout?.toSeconds() ?? 3;
    if (timeout * 6 > visibility) {
      throw new Error(
        `Worker ${worker.node.path} times out after ${timeout} s: more than a sixth of the ${name} queue's ${visibility} s visibility timeout`,
      );
    }
    const source = new SqsEventSource(this.queues[name].queue, {
      batchSize: options.batchSize ?? design.consumer.batchSize,
      maxBatchingWindow:
        options.maxBatchingWindow ?? Duration.seconds(design.consumer.maxBatchingWindowSeconds),
      reportBatchItemFailures: true,
      maxConcurrency: options.maxConcurrency ?? design.consumer.maxConcurrency,
    });
    worker.addEventSource(source);
    return source;
  }
}
