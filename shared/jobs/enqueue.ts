/** Sends jobs to the queue their kind names; the tenant comes from a verified scope, never from input. */
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { once } from '#shared/config/env.ts';
import { queueConfig } from '#shared/config/runtime-config.ts';
import { newUlid } from '#shared/ids.ts';
import { traced } from '#shared/observability/tracer.ts';
import { type JobEnvelope, type JobKind, type JobPayload, jobKinds } from './envelope.ts';

const sqsClient = once(() => traced(new SQSClient(queueConfig().client)));

export interface EnqueueOptions {
  /** Defaults to a new ULID; pass one to tie the job to a record created with it (e.g. a job item). */
  readonly id?: string;
  readonly now?: Date;
}

export async function enqueue<K extends JobKind>(
  scope: TenantScope,
  kind: K,
  payload: JobPayload<K>,
  options: EnqueueOptions = {},
): Promise<JobEnvelope<K>> {
  const envelope: JobEnvelope<K> = {
    kind,
    id: options.id ?? newUlid(),
    tenantId: scope.tenantId,
    payload: jobKinds[kind].payload.parse(payload) as JobPayload<K>,
    enqueuedAt: (options.now ?? new Date()).toISOString(),
  };
  await sendEnvelope(envelope);
  return envelope;
}

/**
 * Sends an envelope that was built (and validated) before, unchanged: how a worker hands a job it
 * could not finish in one invocation back to its queue.
 */
export async function sendEnvelope(envelope: JobEnvelope, delaySeconds = 0): Promise<void> {
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueConfig().queueUrl(jobKinds[envelope.kind].queue),
      MessageBody: JSON.stringify(envelope),
      ...(delaySeconds > 0 && { DelaySeconds: delaySeconds }),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: envelope.kind },
        tenantId: { DataType: 'String', StringValue: envelope.tenantId },
      },
    }),
  );
}

/**
 * Sends up to ten envelopes of one queue in one request (scheduled fan-out). Entries SQS refuses
 * are sent once more one by one; anything still failing throws, so the schedule retries.
 */
export async function sendEnvelopes(envelopes: readonly JobEnvelope[]): Promise<void> {
  if (envelopes.length === 0) return;
  if (envelopes.length > 10) throw new Error('SQS takes at most ten messages per batch');
  const queues = new Set(envelopes.map((envelope) => jobKinds[envelope.kind].queue));
  const [queue] = [...queues];
  if (queues.size !== 1 || queue === undefined) throw new Error('One batch, one queue');
  const { Failed = [] } = await sqsClient().send(
    new SendMessageBatchCommand({
      QueueUrl: queueConfig().queueUrl(queue),
      Entries: envelopes.map((envelope, index) => ({
        Id: String(index),
        MessageBody: JSON.stringify(envelope),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: envelope.kind },
          tenantId: { DataType: 'String', StringValue: envelope.tenantId },
        },
      })),
    }),
  );
  for (const failure of Failed) {
    const envelope = envelopes[Number(failure.Id)];
    if (envelope) await sendEnvelope(envelope);
  }
}
