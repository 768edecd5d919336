/**
 * A bare handler replays what its route sent on the wire: the recorder keeps each AWS call's target,
 * body and status, and the replay is the same document-client call in the bare handlers' table.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bareCall, capacityOf } from '#bench/replay.ts';
import { recordAwsCalls } from '#bench/wire.ts';

const rewrite = {
  fromTable: 'route',
  toTable: 'base',
  cognitoSwaps: [['@route.test', '@base.test']],
} as const;

const transaction = {
  TransactItems: [
    {
      Put: {
        TableName: 'route',
        Item: { PK: 'T#1', SK: 'PROJECT#7', name: 'Roadmap', tags: ['a'], version: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: 'route',
        Key: { PK: 'T#1', SK: 'COUNTERS' },
        UpdateExpression: 'ADD projects :one',
        ExpressionAttributeValues: { ':one': 1, ':who': 'ann@route.test' },
      },
    },
  ],
};

describe('recording a call on the wire and replaying it', () => {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const cancelled = request.headers['x-amz-target'] === 'DynamoDB_20120810.TransactWriteItems';
      response.writeHead(cancelled ? 400 : 200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        cancelled ? '{"__type":"TransactionCanceledException","CancellationReasons":[]}' : '{}',
      );
    });
  });
  let client: DynamoDBDocumentClient;

  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${port}`,
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        maxAttempts: 1,
      }),
    );
  });
  afterAll(() => {
    client.destroy();
    server.close();
  });

  it('gives back the document-client input in the other table, without the SDK’s own token', async () => {
    const recorder = recordAwsCalls();
    await client.send(new TransactWriteCommand(transaction)).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const [call] = recorder.take();
    const replay = call && bareCall(call, rewrite);

    expect(replay).toEqual({
      service: 'dynamodb',
      operation: 'TransactWriteItems',
      input: JSON.parse(JSON.stringify(transaction).replaceAll('"route"', '"base"')),
      mayFail: true,
    });
  });
});

describe('a bare handler’s Cognito calls', () => {
  it('swap a new user’s email, where DynamoDB calls keep it', () => {
    const signUp = {
      target: 'AWSCognitoIdentityProviderService.AdminCreateUser',
      body: '{"Username":"ann@route.test"}',
      status: 200,
    };
    const lock = {
      target: 'DynamoDB_20120810.PutItem',
      body: '{"TableName":"route","Item":{"PK":{"S":"EMAIL#ann@route.test"}}}',
      status: 200,
    };

    expect(bareCall(signUp, rewrite)?.input).toEqual({ Username: 'ann@base.test' });
    expect(bareCall(lock, rewrite)?.input).toEqual({
      TableName: 'base',
      Item: { PK: 'EMAIL#ann@route.test' },
    });
  });

  it('are left out when no bare client can make them', () => {
    expect(
      bareCall({ target: 'AWSSecurityTokenServiceV20110615.AssumeRole', body: '{}' }, rewrite),
    ).toBeUndefined();
  });
});

describe('capacity as AWS bills it', () => {
  it('charges a transaction 2 units per KB of each item, plus its index writes', () => {
    const bigItem = { PK: 'T#1', SK: 'X', blob: 'x'.repeat(1500) };
    const call = {
      operation: 'TransactWriteItems',
      input: {
        TransactItems: [{ Put: { Item: bigItem } }, { Update: {} }, { ConditionCheck: {} }],
      },
    };

    // DynamoDB Local reports 2 per KB of all items together (here 6); AWS bills 4 + 2 + 2.
    const units = capacityOf(call, [
      { CapacityUnits: 6, GlobalSecondaryIndexes: { GSI1: { CapacityUnits: 1 } } },
    ]);

    expect(units).toEqual({ read: 0, write: 9 });
  });

  it('takes reads and single writes as DynamoDB reports them', () => {
    expect(capacityOf({ operation: 'Query', input: {} }, [{ CapacityUnits: 1.5 }])).toEqual({
      read: 1.5,
      write: 0,
    });
    expect(capacityOf({ operation: 'PutItem', input: {} }, [{ CapacityUnits: 1 }])).toEqual({
      read: 0,
      write: 1,
    });
  });
});
