/**
 * `npm run redrive` locally: the running backend moves a dead-letter queue's messages back to its
 * queue over POST /_local/redrive, against the SQS emulator (which has no message move task).
 */
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueArnOf } from '#shared/jobs/redrive.ts';
import { startTestGateway, type TestGateway } from '../support/gateway.ts';
import { createTestQueues, type TestJobs } from '../support/jobs.ts';

let gateway: TestGateway;
let queues: TestJobs['queues'];
let sqs: SQSClient;
beforeAll(async () => {
  queues = await createTestQueues();
  gateway = await startTestGateway();
  sqs = new SQSClient({
    region: process.env.AWS_REGION ?? 'us-east-1',
    endpoint: process.env.SQS_ENDPOINT ?? '',
  });
});
afterAll(() => gateway.close());

async function depth(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

const redrive = (query: string) =>
  fetch(`${gateway.baseUrl}/_local/redrive?${query}`, { method: 'POST' });

describe('redrive locally', () => {
  it('moves the dead letters back to their queue, at most --max at a time, bodies unchanged', async () => {
    // Prepare: twelve dead letters in jobs-critical's DLQ.
    const bodies = Array.from({ length: 12 }, (_, index) =>
      JSON.stringify({ kind: 'mail.send', id: `job-${index}` }),
    );
    for (const batch of [bodies.slice(0, 10), bodies.slice(10)]) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queues.critical.deadLetterUrl,
          Entries: batch.map((body, index) => ({ Id: String(index), MessageBody: body })),
        }),
      );
    }

    // Act
    const first = await redrive('queue=critical&max=5');
    const rest = await redrive('queue=critical');

    // Assess
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ strategy: 'copy', moved: 5 });
    expect(await rest.json()).toEqual({ strategy: 'copy', moved: 7 });
    expect(await depth(queues.critical.deadLetterUrl)).toBe(0);
    const received: string[] = [];
    while (received.length < 12) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queues.critical.url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      if (Messages.length === 0) break;
      received.push(...Messages.map((message) => message.Body ?? ''));
    }
    expect(received.sort()).toEqual([...bodies].sort());
  });

  it('moves nothing from an empty dead-letter queue', async () => {
    // Act
    const response = await redrive('queue=bulk');

    // Assess
    expect(await response.json()).toEqual({ strategy: 'copy', moved: 0 });
  });

  it.each(['queue=jobs', 'queue=critical&max=0', 'queue=critical&max=ten'])(
    'refuses %s with a 400 and moves nothing',
    async (query) => {
      // Act
      const response = await redrive(query);

      // Assess
      expect(response.status).toBe(400);
    },
  );
});

describe('queue ARNs for the move task on AWS', () => {
  it('derives the ARN SQS wants from a queue URL, and refuses a local one', () => {
    // Act / Assess
    expect(
      queueArnOf('https://sqs.eu-west-1.amazonaws.com/123456789012/TenantKit-prod-JobsCriticalDlq'),
    ).toBe('arn:aws:sqs:eu-west-1:123456789012:TenantKit-prod-JobsCriticalDlq');
    expect(() => queueArnOf('http://sqs.us-east-1.localhost:4566/000000000000/q')).toThrow(
      /not an SQS queue URL of AWS/,
    );
  });
});
