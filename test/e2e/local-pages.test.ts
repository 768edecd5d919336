/**
 * The local gateway's developer pages: the mail outbox a developer reads with curl, and the trigger
 * that does what the nightly schedule does. Nobody polls this file's queues, so the daily jobs the
 * trigger enqueues are inspected, not run (they would touch every test tenant of the run).
 */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobEnvelope, parseEnvelope } from '#shared/jobs/envelope.ts';
import { OutboxMailer } from '#shared/mail/outbox-mailer.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { createTestQueues, type TestJobs } from '../support/jobs.ts';
import { seedTenant } from '../support/seed.ts';

let gateway: TestGateway;
let queues: TestJobs['queues'];

beforeAll(async () => {
  queues = await createTestQueues();
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

describe('GET /_local/outbox', () => {
  it('lists the mails sent, newest first, optionally to one recipient', async () => {
    // Prepare
    const to = `reader-${ulid().toLowerCase()}@example.test`;
    let clock = Date.parse('2030-01-01T00:00:00Z');
    const mailer = new OutboxMailer(process.env.MAIL_OUTBOX_DIR ?? '', () => new Date(clock++));
    for (const subject of ['first', 'second']) {
      await mailer.send({ id: ulid(), tenantId: ulid(), from: 'a@x.test', to, subject, text: 't' });
    }

    // Act
    const response = await request<{ items: { subject: string; to: string }[] }>(
      gateway.baseUrl,
      'GET',
      `/_local/outbox?to=${encodeURIComponent(to)}`,
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items.map((mail) => mail.subject)).toEqual(['second', 'first']);
  });
});

describe('POST /_local/daily', () => {
  it('enqueues one tenant.daily job per active tenant for the given day', async () => {
    // Prepare
    const [first, second] = await Promise.all([seedTenant('Daily A'), seedTenant('Daily B')]);
    const sqs = new SQSClient({
      endpoint: process.env.SQS_ENDPOINT,
      region: process.env.AWS_REGION,
    });

    // Act
    const response = await request<{ date: string; tenants: number }>(
      gateway.baseUrl,
      'POST',
      '/_local/daily?date=2030-01-01',
    );
    const envelopes: JobEnvelope[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queues.bulk.url, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) break;
      envelopes.push(...Messages.map((message) => parseEnvelope(message.Body ?? '')));
    }
    sqs.destroy();

    // Assess
    expect(response.status).toBe(202);
    expect(response.body.date).toBe('2030-01-01');
    expect(envelopes).toHaveLength(response.body.tenants);
    for (const tenant of [first, second]) {
      expect(envelopes).toContainEqual(
        expect.objectContaining({
          kind: 'tenant.daily',
          id: `daily-2030-01-01-${tenant.tenantId}`,
          tenantId: tenant.tenantId,
          // Nobody consumed anything on that day: each job carries zeros, priced as such.
          payload: {
            date: '2030-01-01',
            consumption: { requests: 0, jobs: 0, readUnits: 0, writeUnits: 0, gbSeconds: 0 },
          },
        }),
      );
    }
  });

  it('refuses a malformed date', async () => {
    // Act
    const response = await request(gateway.baseUrl, 'POST', '/_local/daily?date=yesterday');

    // Assess
    expect(response.status).toBe(400);
  });
});
