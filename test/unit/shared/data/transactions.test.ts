/**
 * Transactions decode a cancellation by the names of their items, never by position: an item added
 * anywhere leaves every outcome as it was. DynamoDB's reasons come one per item in the order sent,
 * which the mock reproduces from the request itself.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { auditEvent } from '#shared/audit/audit-log.ts';
import { tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import { transactCreate } from '#shared/data/audited-create.ts';
import { counterIncrement } from '#shared/data/counters.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import { type TransactItem, transact } from '#shared/data/transactions.ts';

const dynamoMock = mockClient(DynamoDBDocumentClient);
afterEach(() => dynamoMock.reset());

const client = createDocumentClient({ region: 'us-east-1' });
const scope = tenantScopeFromJob('01JD3ZP5Q9W8X7V6T5S4R3Q2P1');
if (!scope) throw new Error('scope');

const put = (sk: string): TransactItem => ({
  Put: { TableName: 'table', Item: { PK: 'T#x', SK: sk }, ConditionExpression: 'x' },
});

/** Cancels every transaction in which an item touches a key in `failing`, as DynamoDB would. */
function failConditionsOn(...failing: string[]): void {
  dynamoMock.on(TransactWriteCommand).callsFake((input: { TransactItems: TransactItem[] }) => {
    const keyOf = (item: TransactItem) =>
      String(
        item.Put?.Item?.SK ??
          item.Update?.Key?.SK ??
          item.Delete?.Key?.SK ??
          item.ConditionCheck?.Key?.SK,
      );
    const reasons = input.TransactItems.map((item) =>
      failing.some((sk) => keyOf(item).startsWith(sk))
        ? { Code: 'ConditionalCheckFailed' }
        : { Code: 'None' },
    );
    if (!reasons.some((reason) => reason.Code !== 'None')) return {};
    throw new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: reasons,
    });
  });
}

describe('transact', () => {
  it('names the failed item, wherever another item is added', async () => {
    // Prepare
    failConditionsOn('COUNTERS');
    const items = {
      project: put('PROJECT#1'),
      projects: counterIncrement('table', scope, 'projects', 3),
      audit: put('AUDIT#1'),
    };

    // Act
    const before = await transact(client, items);
    const withExtraFirst = await transact(client, { check: put('CHECK#1'), ...items });
    const withExtraLast = await transact(client, { ...items, check: put('CHECK#1') });

    // Assess
    for (const result of [before, withExtraFirst, withExtraLast]) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect([...result.failed.keys()]).toEqual(['projects']);
    }
  });

  it('leaves out an undefined item without shifting the names of the ones after it', async () => {
    // Prepare
    failConditionsOn('AUDIT#');

    // Act
    const result = await transact(client, {
      optional: undefined,
      project: put('PROJECT#1'),
      audit: put('AUDIT#1'),
    });

    // Assess
    expect(result.ok ? [] : [...result.failed.keys()]).toEqual(['audit']);
    const sent = dynamoMock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems;
    expect(sent).toHaveLength(2);
  });
});

describe('transactCreate', () => {
  const audit = auditEvent(
    {
      actorId: 'u1',
      action: 'project.created',
      target: { type: 'project', id: 'p1' },
      meta: { requestId: 'r1', sourceIp: '127.0.0.1' },
    },
    new Date('2030-01-01T00:00:00Z'),
  );
  const idempotency = {
    request: { operation: 'createProject', key: 'k1', fingerprint: 'f1' },
    response: { statusCode: 201, body: {} },
  };

  it('reports a plan limit as the counter item, with or without an idempotency record', async () => {
    // Prepare
    failConditionsOn('COUNTERS');
    const items = {
      project: put('PROJECT#1'),
      projects: counterIncrement('table', scope, 'projects', 3),
    };

    // Act
    const plain = await transactCreate(client, 'table', scope, items, { audit });
    const keyed = await transactCreate(client, 'table', scope, items, { audit, idempotency });
    const widened = await transactCreate(
      client,
      'table',
      scope,
      { check: put('CHECK#1'), ...items },
      { audit, idempotency },
    );

    // Assess
    for (const result of [plain, keyed, widened]) {
      expect(result).toEqual({ kind: 'refused', failed: new Set(['projects']) });
    }
  });

  it('answers a used key as a replay before any other failure', async () => {
    // Prepare: the key's record is there and the limit is reached now
    failConditionsOn('COUNTERS', 'createProject#');

    // Act
    const result = await transactCreate(
      client,
      'table',
      scope,
      { project: put('PROJECT#1'), projects: counterIncrement('table', scope, 'projects', 3) },
      { audit, idempotency },
    );

    // Assess
    expect(result).toEqual({ kind: 'keyAlreadyUsed' });
  });
});
