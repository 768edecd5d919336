/**
 * The job workers against the emulators, driven by the local poller as Lambda's event source mapping
 * would drive them: poison messages dead-letter after five receives without holding back their
 * batch mates, and a job delivered twice has one effect.
 */
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { jobRunStore } from '#shared/data/stores.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { createWorker } from '#shared/jobs/worker.ts';
import { mailsTo, startTestJobs, type TestJobs, waitForMail } from '../../support/jobs.ts';
import { seedTenant } from '../../support/seed.ts';

/** The critical queue's other kind, which these tests never send. */
const notUnderTest = async (): Promise<never> => {
  throw new Error('not under test');
};

let jobs: TestJobs;
let sqs: SQSClient;

beforeAll(async () => {
  jobs = await startTestJobs({ visibilityTimeoutSeconds: 1 });
  sqs = new SQSClient({ endpoint: process.env.SQS_ENDPOINT, region: process.env.AWS_REGION });
});
afterAll(async () => {
  await jobs.stop();
  sqs.destroy();
});

function mailEnvelope(tenantId: string, to: string, id = ulid()): JobEnvelope<'mail.send'> {
  return {
    kind: 'mail.send',
    id,
    tenantId,
    payload: { to, template: 'invitation', variables: { tenantName: 'Acme', role: 'admin' } },
    enqueuedAt: new Date().toISOString(),
  };
}

describe('critical worker', () => {
  it('renders and delivers an invitation mail to the outbox', async () => {
    // Prepare
    const tenant = await seedTenant();
    const to = `invitee-${ulid().toLowerCase()}@example.test`;

    // Act
    const job = await enqueue(tenant, 'mail.send', {
      to,
      template: 'invitation',
      variables: {
        tenantName: 'Acme',
        role: 'admin',
        inviterEmail: 'boss@acme.test',
        acceptUrl: 'http://127.0.0.1:3000/accept?token=abc',
      },
    });
    const [mail] = await waitForMail(to);

    // Assess
    expect(mail).toMatchObject({
      id: job.id,
      tenantId: tenant.tenantId,
      from: process.env.MAIL_FROM,
      to,
      subject: 'You are invited to join Acme',
    });
    expect(mail?.text).toContain('boss@acme.test invited you to join Acme as an admin.');
    expect(mail?.text).toContain('http://127.0.0.1:3000/accept?token=abc');
  });

  it('moves a poison message to the DLQ after 5 receives while its batch mates succeed', async () => {
    // Prepare
    const tenant = await seedTenant();
    const recipients = [1, 2, 3].map((n) => `mate-${n}-${ulid().toLowerCase()}@example.test`);
    const poison = JSON.stringify({ kind: 'mail.send', id: ulid(), payload: 'not an envelope' });
    const failedBefore = jobs.workers.pollers.critical.stats.failed;

    // Act: one batch, the poison message in the middle of three good ones
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: jobs.queues.critical.url,
        Entries: [
          {
            Id: 'a',
            MessageBody: JSON.stringify(mailEnvelope(tenant.tenantId, recipients[0] ?? '')),
          },
          { Id: 'poison', MessageBody: poison },
          {
            Id: 'b',
            MessageBody: JSON.stringify(mailEnvelope(tenant.tenantId, recipients[1] ?? '')),
          },
          {
            Id: 'c',
            MessageBody: JSON.stringify(mailEnvelope(tenant.tenantId, recipients[2] ?? '')),
          },
        ],
      }),
    );
    const mates = await Promise.all(recipients.map((to) => waitForMail(to)));
    await jobs.workers.pollers.critical.drained(20_000);
    const dead = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: jobs.queues.critical.deadLetterUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );

    // Assess
    expect(mates.map((mails) => mails.length)).toEqual([1, 1, 1]);
    expect(dead.Messages?.map((message) => message.Body)).toEqual([poison]);
    expect(jobs.workers.pollers.critical.stats.failed - failedBefore).toBe(5);
  }, 30_000);

  it('sends one mail when the same job is delivered twice', async () => {
    // Prepare
    const tenant = await seedTenant();
    const to = `twice-${ulid().toLowerCase()}@example.test`;
    const body = JSON.stringify(mailEnvelope(tenant.tenantId, to));

    // Act: two messages with one job id, as a producer retry or an SQS redelivery would make
    await sqs.send(
      new SendMessageCommand({ QueueUrl: jobs.queues.critical.url, MessageBody: body }),
    );
    await sqs.send(
      new SendMessageCommand({ QueueUrl: jobs.queues.critical.url, MessageBody: body }),
    );
    await jobs.workers.drained();

    // Assess
    expect(await mailsTo(to)).toHaveLength(1);
  });
});

describe('createWorker claims', () => {
  function sqsRecord(envelope: JobEnvelope, messageId = ulid()): SQSRecord {
    return {
      messageId,
      receiptHandle: messageId,
      body: JSON.stringify(envelope),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:test',
      awsRegion: 'us-east-1',
    };
  }

  function countingWorker(effects: string[], delayMs = 0) {
    return createWorker({
      queue: 'critical',
      runs: jobRunStore,
      handlers: {
        'billing.sync': notUnderTest,
        'mail.send': async (job) => {
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          effects.push(job.id);
          return undefined;
        },
      },
    });
  }

  const context = (): Context => lambdaContext('test-worker', 10_000);

  it('runs a job once when deliveries of it overlap in time', async () => {
    // Prepare
    const tenant = await seedTenant();
    const effects: string[] = [];
    const worker = countingWorker(effects, 200);
    const envelope = mailEnvelope(tenant.tenantId, 'x@example.test');
    const event = (): SQSEvent => ({ Records: [sqsRecord(envelope)] });

    // Act
    const [first, second] = await Promise.all([
      worker(event(), context()),
      worker(event(), context()),
    ]);
    const later = await worker(event(), context());

    // Assess: one ran it; the overlapping one failed (to retry later); the late one saw it done
    expect(effects).toEqual([envelope.id]);
    const failures = [first, second].map((response) => response.batchItemFailures.length).sort();
    expect(failures).toEqual([0, 1]);
    expect(later.batchItemFailures).toEqual([]);
  });

  it('lets a retry run a job whose first attempt failed', async () => {
    // Prepare
    const tenant = await seedTenant();
    const effects: string[] = [];
    let attempts = 0;
    const worker = createWorker({
      queue: 'critical',
      runs: jobRunStore,
      handlers: {
        'billing.sync': notUnderTest,
        'mail.send': async (job) => {
          attempts++;
          if (attempts === 1) throw new Error('transient');
          effects.push(job.id);
          return undefined;
        },
      },
    });
    const envelope = mailEnvelope(tenant.tenantId, 'y@example.test');
    const record = sqsRecord(envelope);

    // Act
    const first = await worker({ Records: [record] }, context());
    const second = await worker({ Records: [record] }, context());

    // Assess
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: record.messageId }]);
    expect(second.batchItemFailures).toEqual([]);
    expect(effects).toEqual([envelope.id]);
  });

  it('discards the job of a tenant that does not exist instead of writing into its partition', async () => {
    // Prepare
    const effects: string[] = [];
    const worker = countingWorker(effects);
    const envelope = mailEnvelope(ulid(), 'z@example.test');

    // Act
    const response = await worker({ Records: [sqsRecord(envelope)] }, context());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(effects).toEqual([]);
  });
});
