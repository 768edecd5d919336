/**
 * Moves dead letters back to the queue they came from, once their cause is fixed
 * (docs/runbooks/dlq.md). On AWS, SQS's own message move task; where the queue service has none
 * (the local emulator), receive, send and delete in batches — each message is sent before it is
 * deleted, so an interruption duplicates at most a batch (workers are idempotent) and loses none.
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';

export interface RedriveRequest {
  /** The dead-letter queue's URL. */
  readonly from: string;
  /** The queue the messages go back to. */
  readonly to: string;
  /** At most this many messages (the copy strategy). @default every message visible */
  readonly max?: number;
}

export type RedriveResult =
  | { readonly strategy: 'moveTask'; readonly taskHandle: string }
  | { readonly strategy: 'copy'; readonly moved: number };

/** `https://sqs.eu-west-1.amazonaws.com/123456789012/name` → `arn:aws:sqs:eu-west-1:123456789012:name`. */
export function queueArnOf(queueUrl: string): string {
  const url = new URL(queueUrl);
  const region = /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(url.hostname)?.[1];
  const [account, name] = url.pathname.split('/').filter((part) => part !== '');
  if (region === undefined || account === undefined || name === undefined) {
    throw new Error(`${queueUrl} is not an SQS queue URL of AWS`);
  }
  const partition = url.hostname.endsWith('.cn') ? 'aws-cn' : 'aws';
  return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

/** Starts SQS's message move task (AWS only); it runs on in SQS, at up to 500 messages a second by default. */
export async function startMoveTask(
  client: SQSClient,
  request: RedriveRequest,
): Promise<RedriveResult> {
  const result = await client.send(
    new StartMessageMoveTaskCommand({
      SourceArn: queueArnOf(request.from),
      DestinationArn: queueArnOf(request.to),
    }),
  );
  return { strategy: 'moveTask', taskHandle: result.TaskHandle ?? '' };
}

/** Receives, sends and deletes batches of ten until the queue answers empty or `max` are moved. */
export async function copyMessages(
  client: SQSClient,
  request: RedriveRequest,
): Promise<RedriveResult> {
  const max = request.max ?? Number.POSITIVE_INFINITY;
  let moved = 0;
  while (moved < max) {
    const { Messages: messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: request.from,
        MaxNumberOfMessages: Math.min(10, max - moved),
        // Long enough to send and delete the batch; a crash lets them reappear in the DLQ.
        VisibilityTimeout: 60,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    if (messages.length === 0) break;
    const entries = messages.map((message, index) => ({
      Id: String(index),
      MessageBody: message.Body ?? '',
      ...(message.MessageAttributes && { MessageAttributes: message.MessageAttributes }),
    }));
    const sent = await client.send(
      new SendMessageBatchCommand({ QueueUrl: request.to, Entries: entries }),
    );
    const sentIds = new Set((sent.Successful ?? []).map((entry) => entry.Id));
    const toDelete = messages
      .map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '' }))
      .filter((entry) => sentIds.has(entry.Id));
    if (toDelete.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: request.from, Entries: toDelete }),
      );
    }
    moved += toDelete.length;
    if (toDelete.length < messages.length) {
      throw new Error(
        `${messages.length - toDelete.length} messages could not be sent back and stay in the DLQ; ${moved} moved`,
      );
    }
  }
  return { strategy: 'copy', moved };
}
