/**
 * Job queues and workers of one test file: fresh queues (so no other file's poller takes its
 * messages), the real worker modules polled in-process, and waits for a drained queue or a mail.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createQueues } from '#dev/bootstrap.ts';
import { type LocalWorkers, startLocalWorkers } from '#dev/workers.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';
import { type OutboxMail, readOutbox } from '#shared/mail/outbox-mailer.ts';

export interface TestJobs {
  readonly queues: Readonly<Record<QueueName, { url: string; deadLetterUrl: string }>>;
  readonly workers: LocalWorkers;
  stop(): Promise<void>;
}

const rootDir = fileURLToPath(new URL('../..', import.meta.url));

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set; is the integration setup running?`);
  return value;
}

/**
 * Creates this file's queues, points the handlers' environment at them (before anything enqueues),
 * and polls them with the real workers. Failed messages come back after `visibilityTimeoutSeconds`.
 */
export async function startTestJobs(
  options: { visibilityTimeoutSeconds?: number; log?: boolean } = {},
): Promise<TestJobs> {
  const endpoint = requiredEnv('SQS_ENDPOINT');
  const queues = await createTestQueues();
  const workers = await startLocalWorkers({
    rootDir,
    sqsEndpoint: endpoint,
    queueUrls: { critical: queues.critical.url, bulk: queues.bulk.url },
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 1,
    waitTimeSeconds: 1,
    ...(options.log && { onLog: (line: string) => console.log(line) }),
  });
  return { queues, workers, stop: () => workers.stop() };
}

/** This file's own queues, nobody polling them; the handlers' environment points at them. */
export async function createTestQueues(): Promise<TestJobs['queues']> {
  const queues = await createQueues(requiredEnv('SQS_ENDPOINT'), `t-${randomUUID().slice(0, 8)}`);
  process.env.JOBS_CRITICAL_QUEUE_URL = queues.critical.url;
  process.env.JOBS_CRITICAL_DLQ_URL = queues.critical.deadLetterUrl;
  process.env.JOBS_BULK_QUEUE_URL = queues.bulk.url;
  process.env.JOBS_BULK_DLQ_URL = queues.bulk.deadLetterUrl;
  return queues;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The mails sent to `to` (newest first), waiting until at least `count` have arrived. */
export async function waitForMail(
  to: string,
  count = 1,
  timeoutMs = 15_000,
): Promise<OutboxMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await readOutbox(requiredEnv('MAIL_OUTBOX_DIR'))).filter(
      (mail) => mail.to === to,
    );
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      throw new Error(`Expected ${count} mail(s) to ${to}, found ${mails.length}`);
    }
    await sleep(50);
  }
}

/** The mails sent to `to` right now, without waiting. */
export async function mailsTo(to: string): Promise<OutboxMail[]> {
  return (await readOutbox(requiredEnv('MAIL_OUTBOX_DIR'))).filter((mail) => mail.to === to);
}
