/**
 * Worker error paths the emulators cannot produce: SES throttling and timeouts, DynamoDB throttling
 * on the claim. Each fails only its own record, and a failed attempt gives its claim back.
 */
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import { DynamoJobRunStore } from '#shared/data/job-run-store.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import type { ClaimOutcome, JobRunStore } from '#shared/jobs/job-runs.ts';
import { createWorker } from '#shared/jobs/worker.ts';
import { sendMailJob } from '#shared/mail/send-mail-job.ts';
import { SesMailer } from '#shared/mail/ses-mailer.ts';

/** The critical queue's other kind, which these tests never send. */
const notUnderTest = async (): Promise<never> => {
  throw new Error('not under test');
};

const sesMock = mockClient(SESv2Client);
const dynamoMock = mockClient(DynamoDBDocumentClient);
afterEach(() => {
  sesMock.reset();
  dynamoMock.reset();
});

/** An in-memory claim store that records what the worker did with each claim. */
class MemoryRuns implements JobRunStore {
  readonly events: string[] = [];
  private readonly done = new Set<string>();
  async claim(_scope: unknown, claim: { jobId: string }): Promise<ClaimOutcome> {
    this.events.push(`claim ${claim.jobId}`);
    return this.done.has(claim.jobId) ? { kind: 'done' } : { kind: 'claimed' };
  }
  async complete(_scope: unknown, claim: { jobId: string }): Promise<boolean> {
    this.events.push(`complete ${claim.jobId}`);
    this.done.add(claim.jobId);
    return true;
  }
  async release(_scope: unknown, claim: { jobId: string }): Promise<void> {
    this.events.push(`release ${claim.jobId}`);
  }
}

function mailRecord(to: string): { record: SQSRecord; job: JobEnvelope<'mail.send'> } {
  const job: JobEnvelope<'mail.send'> = {
    kind: 'mail.send',
    id: ulid(),
    tenantId: ulid(),
    payload: { to, template: 'invitation', variables: { tenantName: 'Acme', role: 'admin' } },
    enqueuedAt: new Date().toISOString(),
  };
  const record = {
    messageId: `m-${job.id}`,
    receiptHandle: 'r',
    body: JSON.stringify(job),
    attributes: { ApproximateReceiveCount: '1' },
    messageAttributes: {},
  } as unknown as SQSRecord;
  return { record, job };
}

function mailWorker(runs: JobRunStore) {
  const mailer = new SesMailer(new SESv2Client({ region: 'us-east-1' }));
  return createWorker({
    queue: 'critical',
    runs: () => runs,
    handlers: {
      'billing.sync': notUnderTest,
      'mail.send': async (job) => {
        await sendMailJob(job, { mailer, from: 'no-reply@example.test' });
        return undefined;
      },
    },
  });
}

describe('mail worker on SES', () => {
  it('fails only the throttled record and releases its claim for the retry', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const ok = mailRecord('ok@example.test');
    const throttled = mailRecord('throttled@example.test');
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    sesMock
      .on(SendEmailCommand, { Destination: { ToAddresses: ['throttled@example.test'] } })
      .rejects(
        new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }),
      );

    // Act
    const response = await mailWorker(runs)(
      { Records: [ok.record, throttled.record] },
      lambdaContext('unit', 10_000),
    );

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: throttled.record.messageId }]);
    expect(runs.events).toContain(`complete ${ok.job.id}`);
    expect(runs.events).toContain(`release ${throttled.job.id}`);
    expect(runs.events).not.toContain(`complete ${throttled.job.id}`);
  });

  it('treats an SES timeout as a failure to retry, not as sent', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const timedOut = mailRecord('slow@example.test');
    const timeout = Object.assign(new Error('socket timed out'), { name: 'TimeoutError' });
    sesMock.on(SendEmailCommand).rejects(timeout);

    // Act
    const response = await mailWorker(runs)({ Records: [timedOut.record] }, lambdaContext('unit'));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: timedOut.record.messageId }]);
    expect(runs.events).toEqual([`claim ${timedOut.job.id}`, `release ${timedOut.job.id}`]);
  });

  it('sends nothing when DynamoDB throttles the claim, and reports the record failed', async () => {
    // Prepare
    dynamoMock
      .on(TransactWriteCommand)
      .rejects(
        new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} }),
      );
    const client = createDocumentClient({ region: 'us-east-1' });
    const runs = new DynamoJobRunStore(() => client, 'table');
    const throttled = mailRecord('claim@example.test');

    // Act
    const response = await mailWorker(runs)({ Records: [throttled.record] }, lambdaContext('unit'));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: throttled.record.messageId }]);
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('reports unparseable bodies and kinds of another queue as failures', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const garbage = { ...mailRecord('a@example.test').record, messageId: 'garbage', body: '{' };

    // Act
    const response = await mailWorker(runs)({ Records: [garbage] }, lambdaContext('unit'));

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'garbage' }]);
    expect(runs.events).toEqual([]);
  });
});

describe('a job that continues later', () => {
  it('is sent to its queue again as the same envelope, and its claim is given back', async () => {
    // Prepare
    const runs = new MemoryRuns();
    const requeued: JobEnvelope[] = [];
    const { record, job } = mailRecord('later@example.test');
    const worker = createWorker({
      queue: 'critical',
      runs: () => runs,
      requeue: async (envelope) => {
        requeued.push(envelope);
      },
      handlers: {
        'mail.send': async () => ({ continueLater: true }),
        'billing.sync': notUnderTest,
      },
    });

    // Act
    const response = await worker({ Records: [record] }, lambdaContext('unit'));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(requeued).toEqual([job]);
    expect(runs.events).toEqual([`claim ${job.id}`, `release ${job.id}`]);
  });

  it('can ask not to come back before a delay, capped at what SQS allows', async () => {
    // Prepare
    const delays: number[] = [];
    const { record } = mailRecord('wait@example.test');
    const worker = createWorker({
      queue: 'critical',
      runs: () => new MemoryRuns(),
      requeue: async (_envelope, delaySeconds) => {
        delays.push(delaySeconds);
      },
      handlers: {
        'mail.send': async () => ({ continueLater: true, delaySeconds: 4000 }),
        'billing.sync': notUnderTest,
      },
    });

    // Act
    await worker({ Records: [record] }, lambdaContext('unit'));

    // Assess
    expect(delays).toEqual([900]);
  });
});
