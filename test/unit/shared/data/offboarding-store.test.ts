/** Deletion batches under DynamoDB throttling: unprocessed deletes are retried, never dropped. */
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import { DynamoOffboardingStore } from '#shared/data/offboarding-store.ts';

const dynamoMock = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamoMock.reset());

const scope = tenantScopeFromJob('01JD3ZP5Q9W8X7V6T5S4R3Q2P1');
const client = createDocumentClient({ region: 'us-east-1' });
const store = new DynamoOffboardingStore(
  () => client,
  () => client,
  'table',
  1,
);
const keys = Array.from({ length: 30 }, (_, index) => ({ PK: 'T#x', SK: `PROJECT#${index}` }));

describe('DynamoOffboardingStore.deleteItems', () => {
  it('retries the deletes DynamoDB left unprocessed until all are done', async () => {
    // Prepare
    if (!scope) throw new Error('scope');
    const unprocessed = [{ DeleteRequest: { Key: { PK: 'T#x', SK: 'PROJECT#3' } } }];
    dynamoMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { table: unprocessed } })
      .resolves({ UnprocessedItems: {} });

    // Act
    await store.deleteItems(scope, keys);

    // Assess: 25 + the one retried + 5
    const calls = dynamoMock.commandCalls(BatchWriteCommand);
    expect(calls.map((call) => call.args[0].input.RequestItems?.table?.length)).toEqual([25, 1, 5]);
  });

  it('fails the run (to be retried by SQS) when throttling does not stop', async () => {
    // Prepare
    if (!scope) throw new Error('scope');
    dynamoMock
      .on(BatchWriteCommand)
      .callsFake((input: { RequestItems: Record<string, unknown> }) => ({
        UnprocessedItems: input.RequestItems,
      }));

    // Act / Assess
    await expect(store.deleteItems(scope, keys)).rejects.toThrow(/unprocessed/);
  });
});
