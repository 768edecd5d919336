/** Sends jobs to the queue their kind names; the tenant comes from a verified scope, never from input. */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import type { TenantScope } from '../auth/tenant-context.ts';
import { once } from '../config/env.ts';
import { queueConfig } from '../config/runtime-config.ts';
import { type JobEnvelope, type JobKind, type JobPayload, jobKinds } from './envelope.ts';

const sqsClient = once(() => new SQSClient(queueConfig().client));

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
    id: options.id ?? ulid(),
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
export async function sendEnvelope(envelope: JobEnvelope): Promise<void> {
  await sqsClient().send(
    new SendMessageCommand({
      QueueUrl: queueConfig().queueUrl(jobKinds[envelope.kind].queue),
      MessageBody: JSON.stringify(envelope),
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: envelope.kind },
        tenantId: { DataType: 'String', StringValue: envelope.tenantId },
      },
    }),
  );
}
