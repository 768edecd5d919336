/**
 * The local stand-in for Lambda's SQS event source mapping: receives batches (batch size, batching
 * window, long polling), builds the real SQSEvent shape, invokes the real worker handler in-process,
 * deletes what succeeded and leaves failures to reappear after the visibility timeout; the emulator
 * moves a message to the DLQ once its receive count passes the queue's maxReceiveCount.
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { SqsBatchHandler } from '#shared/jobs/worker.ts';
import { localCredentials, localRegion } from './bootstrap.ts';
import { lambdaContext } from './lambda-context.ts';

export interface JobPollerOptions {
  /** Shown in log lines and used as the function name of the Lambda context. */
  readonly name: string;
  readonly queueUrl: string;
  /** The SQS endpoint of the emulator. */
  readonly endpoint: string;
  readonly handler: SqsBatchHandler;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  /** The worker's timeout: what `getRemainingTimeInMillis()` counts down from. */
  readonly workerTimeoutSeconds: number;
  /**
   * Overrides the queue's visibility timeout on each receive (tests use a short one).
   * @default - the queue's own
   */
  readonly visibilityTimeoutSeconds?: number;
  /** Long-poll wait per receive. @default 1 */
  readonly waitTimeSeconds?: number;
  /** Called with one line per batch, for the local log. @default - silent */
  readonly onLog?: (line: string) => void;
}

export interface JobPollerStats {
  batches: number;
  received: number;
  succeeded: number;
  failed: number;
}

export interface JobPoller {
  readonly name: string;
  readonly stats: Readonly<JobPollerStats>;
  /** Resolves once no message is visible, delayed or in flight and no batch is running. */
  drained(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function toMessageAttributes(message: Message): SQSMessageAttributes {
  const attributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    attributes[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: [],
      binaryListValues: [],
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && {
        binaryValue: Buffer.from(value.BinaryValue).toString('base64'),
      }),
    };
  }
  return attributes;
}

/** One SQS message as Lambda's event source mapping hands it to a function. */
function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? 'LOCAL',
      ApproximateFirstReceiveTimestamp:
        system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: toMessageAttributes(message),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: localRegion,
  };
}

function describe(record: SQSRecord): string {
  try {
    const envelope = JSON.parse(record.body) as { kind?: unknown; id?: unknown };
    return `${String(envelope.kind)} ${String(envelope.id)}`;
  } catch {
    return `message ${record.messageId}`;
  }
}

export function startJobPoller(options: JobPollerOptions): JobPoller {
  const client = new SQSClient({
    endpoint: options.endpoint,
    region: localRegion,
    credentials: localCredentials,
  });
  const stats: JobPollerStats = { batches: 0, received: 0, succeeded: 0, failed: 0 };
  const abort = new AbortController();
  let busy = false;
  let queueArn: string | undefined;

  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const result = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: Math.min(max, 10),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        ...(options.visibilityTimeoutSeconds !== undefined && {
          VisibilityTimeout: options.visibilityTimeoutSeconds,
        }),
      }),
      { abortSignal: abort.signal },
    );
    return result.Messages ?? [];
  };

  /** Up to a batch: the first receive long-polls, then more are gathered during the batching window. */
  const gather = async (): Promise<Message[]> => {
    const batch = await receive(options.batchSize, options.waitTimeSeconds ?? 1);
    if (batch.length === 0) return batch;
    // The window never outlasts half the visibility timeout, or a message received at its start
    // would become visible again and be received twice into one batch (Lambda never does that).
    const windowMs = Math.min(
      options.maxBatchingWindowSeconds * 1000,
      ((options.visibilityTimeoutSeconds ?? Number.POSITIVE_INFINITY) * 1000) / 2,
    );
    const windowEnds = Date.now() + windowMs;
    while (batch.length < options.batchSize && Date.now() < windowEnds && !abort.signal.aborted) {
      const more = await receive(options.batchSize - batch.length, 0);
      if (more.length === 0) await sleep(50);
      batch.push(...more);
    }
    return batch;
  };

  const invoke = async (messages: Message[], arn: string): Promise<void> => {
    const records = messages.map((message) => toSqsRecord(message, arn));
    const event: SQSEvent = { Records: records };
    const started = performance.now();
    let failedIds: Set<string>;
    try {
      const response: SQSBatchResponse = await options.handler(
        event,
        lambdaContext(options.name, options.workerTimeoutSeconds * 1000),
      );
      failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      // A thrown error fails the whole batch, exactly as with Lambda.
      failedIds = new Set(records.map((record) => record.messageId));
    }
    const succeeded = records.filter((record) => !failedIds.has(record.messageId));
    if (succeeded.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: succeeded.map((record, index) => ({
            Id: String(index),
            ReceiptHandle: record.receiptHandle,
          })),
        }),
      );
    }
    stats.batches++;
    stats.received += records.length;
    stats.succeeded += succeeded.length;
    stats.failed += failedIds.size;
    const failures = records
      .filter((record) => failedIds.has(record.messageId))
      .map(
        (record) => `${describe(record)} (receive ${record.attributes.ApproximateReceiveCount})`,
      );
    options.onLog?.(
      `[${options.name}] ${records.length} received, ${succeeded.length} done` +
        (failures.length > 0
          ? `, failed (retried after the visibility timeout): ${failures.join(', ')}`
          : '') +
        ` (${Math.round(performance.now() - started)} ms)`,
    );
  };

  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        queueArn ??= (
          await client.send(
            new GetQueueAttributesCommand({
              QueueUrl: options.queueUrl,
              AttributeNames: ['QueueArn'],
            }),
          )
        ).Attributes?.QueueArn;
        const messages = await gather();
        if (messages.length === 0 || abort.signal.aborted) continue;
        busy = true;
        await invoke(messages, queueArn ?? '');
      } catch (error) {
        if (abort.signal.aborted) break;
        options.onLog?.(`[${options.name}] poll failed: ${String(error)}`);
        await sleep(500);
      } finally {
        busy = false;
      }
    }
  };
  const running = loop();

  return {
    name: options.name,
    stats,
    async drained(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { Attributes = {} } = await client.send(
          new GetQueueAttributesCommand({
            QueueUrl: options.queueUrl,
            AttributeNames: [
              'ApproximateNumberOfMessages',
              'ApproximateNumberOfMessagesNotVisible',
              'ApproximateNumberOfMessagesDelayed',
            ],
          }),
        );
        const pending =
          Number(Attributes.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
          Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0);
        if (pending === 0 && !busy) return;
        await sleep(50);
      }
      throw new Error(`${options.name}: queue not drained after ${timeoutMs} ms`);
    },
    async stop() {
      abort.abort();
      await running;
      client.destroy();
    },
  };
}
