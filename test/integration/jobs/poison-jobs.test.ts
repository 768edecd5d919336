/**
 * A job whose handler always throws, driven by the local poller as Lambda's event source mapping
 * would drive it: it reaches the DLQ after maxReceiveCount receives while its batch mates succeed,
 * and no log line, the worker's (Powertools) or the poller's, carries the job's secrets.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalWorkers } from '#dev/workers.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { queueDesign } from '#shared/jobs/queue-design.ts';
import { createTestQueues, type TestJobs, waitForMail } from '../../support/jobs.ts';
import { seedTenant } from '../../support/seed.ts';

const rootDir = fileURLToPath(new URL('../../..', import.meta.url));
const poisonTo = `poison-${randomUUID()}@example.test`;
/** What must never reach a log: the invitation's secret and the text of its mail. */
const secretToken = `secret-${randomUUID()}`;

let queues: TestJobs['queues'];
let workers: LocalWorkers;
let sqs: SQSClient;
const logged: string[] = [];

beforeAll(async () => {
  // Every line the worker writes, at the most talkative level (read when the logger module loads,
  // hence the fresh module graph), and every line of the poller.
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  vi.resetModules();
  const { mailer } = await import('#shared/mail/mailer.ts');
  const { startLocalWorkers } = await import('#dev/workers.ts');
  const capture = (chunk: string | Uint8Array): boolean => {
    logged.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  // The mail service refuses this one recipient, every time, as a misconfigured domain would.
  const outbox = mailer();
  const send = outbox.send.bind(outbox);
  vi.spyOn(outbox, 'send').mockImplementation(async (mail) => {
    if (mail.to === poisonTo) throw new Error('MessageRejected: the mail service refused it');
    await send(mail);
  });
  queues = await createTestQueues();
  workers = await startLocalWorkers({
    rootDir,
    sqsEndpoint: process.env.SQS_ENDPOINT ?? '',
    queueUrls: { critical: queues.critical.url, bulk: queues.bulk.url },
    visibilityTimeoutSeconds: 1,
    waitTimeSeconds: 1,
    onLog: (line) => logged.push(line),
  });
  sqs = new SQSClient({ endpoint: process.env.SQS_ENDPOINT, region: process.env.AWS_REGION });
});

afterAll(async () => {
  await workers.stop();
  sqs.destroy();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.resetModules();
});

function invitationMail(tenantId: string, to: string): JobEnvelope<'mail.send'> {
  return {
    kind: 'mail.send',
    id: ulid(),
    tenantId,
    payload: {
      to,
      template: 'invitation',
      variables: {
        tenantName: 'Acme',
        role: 'admin',
        inviterEmail: 'boss@acme.test',
        acceptUrl: `http://127.0.0.1:3000/accept?token=${secretToken}`,
        token: secretToken,
      },
    },
    enqueuedAt: new Date().toISOString(),
  };
}

describe('a job whose handler always throws', () => {
  it('reaches the DLQ after maxReceiveCount receives while its batch mates succeed, logging no secret', async () => {
    // Prepare: one batch, the poison job between two good ones
    const tenant = await seedTenant();
    const mates = [1, 2].map((n) => `mate-${n}-${randomUUID()}@example.test`);
    const poison = invitationMail(tenant.tenantId, poisonTo);
    const poller = workers.pollers.critical;

    // Act
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.critical.url,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify(invitationMail(tenant.tenantId, mates[0] ?? '')) },
          { Id: 'poison', MessageBody: JSON.stringify(poison) },
          { Id: 'b', MessageBody: JSON.stringify(invitationMail(tenant.tenantId, mates[1] ?? '')) },
        ],
      }),
    );
    const delivered = await Promise.all(mates.map((to) => waitForMail(to)));
    await poller.drained(30_000);
    const dead = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queues.critical.deadLetterUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );

    // Assess
    expect(delivered.map((mails) => mails.length)).toEqual([1, 1]);
    expect(dead.Messages?.map((message) => JSON.parse(message.Body ?? '{}').id)).toEqual([
      poison.id,
    ]);
    expect(poller.stats.failed).toBe(queueDesign.critical.maxReceiveCount);
    const failures = logged.filter((line) => line.includes('Job failed'));
    expect(failures).toHaveLength(queueDesign.critical.maxReceiveCount);
    expect(failures.at(-1)).toContain('it goes to the DLQ');
    expect(failures.at(-1)).toContain(poison.id);
    const leaks = logged.filter(
      (line) => line.includes(secretToken) || line.includes('invited you to join'),
    );
    expect(leaks).toEqual([]);
  }, 45_000);
});
