/**
 * The job queues from the shared queue design, each with its dead-letter queue and an alarm that
 * fires as soon as one message is dead, since every dead message is a job a tenant is waiting for.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  deadLetterRetentionDays,
  type QueueName,
  queueDesign,
} from '../../shared/jobs/queue-design.ts';
import type { BindableQueues, ServiceFunction } from '../common/service-function.ts';

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
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Concurrent invocations this queue may drive, to protect what the worker calls (SES, the table).
   * @default - no limit beyond the account's
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
   * alone). Refuses a worker whose timeout reaches the visibility timeout, since a message would
   * then reappear while its first delivery is still being worked on (AWS advises at most a sixth of it).
   */
  addWorker(name: QueueName, worker: ServiceFunction, options: WorkerOptions = {}): void {
    const visibility = queueDesign[name].visibilityTimeoutSeconds;
    const timeout = worker.timeout?.toSeconds() ?? 3;
    if (timeout >= visibility) {
      throw new Error(
        `Worker ${worker.node.path} times out after ${timeout} s, not below the ${name} queue's ${visibility} s visibility timeout`,
      );
    }
    worker.addEventSource(
      new SqsEventSource(this.queues[name].queue, {
        batchSize: options.batchSize ?? 10,
        reportBatchItemFailures: true,
        ...(options.maxConcurrency !== undefined && { maxConcurrency: options.maxConcurrency }),
      }),
    );
  }
}
