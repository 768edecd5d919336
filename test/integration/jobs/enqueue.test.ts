/** Jobs reach the queue their kind names, as a valid envelope, against the SQS emulator. */
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { newTenantScope } from '#shared/auth/tenant-context.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';
import { type JobEnvelope, parseEnvelope } from '#shared/jobs/envelope.ts';

describe('enqueue', () => {
  it('sends a mail job to jobs-critical as a parseable envelope of the caller’s tenant', async () => {
    const scope = newTenantScope();
    const sqs = new SQSClient({
      endpoint: process.env.SQS_ENDPOINT,
      region: process.env.AWS_REGION,
    });

    const sent = await enqueue(scope, 'mail.send', {
      to: 'someone@example.test',
      template: 'invitation',
      variables: { tenantName: 'Acme' },
    });

    // The shared queue also holds other files' mails (every sign-up queues one): read until found.
    const envelopes: JobEnvelope[] = [];
    for (let read = 0; read < 20 && !envelopes.some((job) => job.id === sent.id); read++) {
      const received = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: process.env.JOBS_CRITICAL_QUEUE_URL,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      envelopes.push(
        ...(received.Messages ?? []).map((message) => parseEnvelope(message.Body ?? '')),
      );
    }
    expect(envelopes).toContainEqual(sent);
    expect(sent.tenantId).toBe(scope.tenantId);
    sqs.destroy();
  });

  it('refuses a payload its kind does not accept before sending', async () => {
    await expect(
      enqueue(newTenantScope(), 'mail.send', {
        to: 'not-an-email',
        template: 'invitation',
        variables: {},
      }),
    ).rejects.toThrow();
  });

  it('parseEnvelope refuses unknown kinds and bad payloads', () => {
    const base = {
      id: 'x',
      tenantId: newTenantScope().tenantId,
      enqueuedAt: new Date().toISOString(),
    };

    expect(() => parseEnvelope(JSON.stringify({ ...base, kind: 'rm.rf', payload: {} }))).toThrow();
    expect(() =>
      parseEnvelope(JSON.stringify({ ...base, kind: 'mail.send', payload: { to: 'x' } })),
    ).toThrow();
    expect(() => parseEnvelope('not json')).toThrow();
  });
});
