/**
 * The warm baselines replay what the route sent on the wire: the recorder keeps each AWS call's
 * body and status, and the replay turns it back into the same document-client call in another world.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordOutboundRequests } from '../../../bench/drivers/wire.ts';
import { replayCalls } from '../../../bench/wire-calls.ts';

const transaction = {
  TransactItems: [
    {
      Put: {
        TableName: 'bench-route',
        Item: { PK: 'T#1', SK: 'PROJECT#7', name: 'Roadmap', tags: ['a', 'b'], version: 1 },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Update: {
        TableName: 'bench-route',
        Key: { PK: 'T#1', SK: 'COUNTERS' },
        UpdateExpression: 'ADD projects :one',
        ExpressionAttributeValues: { ':one': 1, ':owner': 'bench-route-owner@example.test' },
      },
    },
  ],
};

describe('replaying a call sent on the wire', () => {
  it('gives the document-client input back, in the other world, without the SDK’s own token', () => {
    const body = JSON.stringify({
      ClientRequestToken: 'token-of-the-route',
      TransactItems: [
        {
          Put: {
            ...transaction.TransactItems[0]?.Put,
            Item: marshall(transaction.TransactItems[0]?.Put?.Item),
          },
        },
        {
          Update: {
            ...transaction.TransactItems[1]?.Update,
            Key: marshall(transaction.TransactItems[1]?.Update?.Key),
            ExpressionAttributeValues: marshall(
              transaction.TransactItems[1]?.Update?.ExpressionAttributeValues,
            ),
          },
        },
      ],
    });

    const [replay] = replayCalls(
      [{ target: 'DynamoDB_20120810.TransactWriteItems', body, status: 200 }],
      'route',
      'base',
      [['PROJECT#7', 'PROJECT#8']],
    );

    expect(replay).toEqual({
      service: 'dynamodb',
      operation: 'TransactWriteItems',
      input: JSON.parse(
        JSON.stringify(transaction)
          .replaceAll('bench-route', 'bench-base')
          .replaceAll('PROJECT#7', 'PROJECT#8'),
      ),
    });
  });

  it('unmarshalls every key of a batch read, and marks a call the route saw fail', () => {
    const keys = [
      { PK: 'T#1', SK: 'TENANT' },
      { PK: 'T#1', SK: 'MEMBER#u' },
    ];
    const [replay] = replayCalls(
      [
        {
          target: 'DynamoDB_20120810.BatchGetItem',
          body: JSON.stringify({
            RequestItems: { 'bench-route': { Keys: keys.map((key) => marshall(key)) } },
          }),
          status: 400,
        },
      ],
      'route',
      'base',
      [],
    );

    expect(replay?.input).toEqual({ RequestItems: { 'bench-base': { Keys: keys } } });
    expect(replay?.error).toBe('HTTP 400');
  });

  it('passes the JSON of other services through, with the world’s tag and values swapped', () => {
    const [replay] = replayCalls(
      [
        {
          target: 'AWSCognitoIdentityProviderService.RevokeToken',
          body: JSON.stringify({ ClientId: 'client', Token: 'refresh-of-route' }),
          status: 200,
        },
      ],
      'route',
      'base',
      [['refresh-of-route', 'refresh-of-base']],
    );

    expect(replay).toEqual({
      service: 'cognito',
      operation: 'RevokeToken',
      input: { ClientId: 'client', Token: 'refresh-of-base' },
    });
  });

  it('refuses a call no bare client can make again', () => {
    expect(() =>
      replayCalls([{ target: 'Unknown_2020.DoThing', body: '{}' }], 'route', 'base', []),
    ).toThrow('No bare client for Unknown_2020.DoThing');
  });
});

describe('recording the calls a process sends', () => {
  const received: string[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push(Buffer.concat(chunks).toString());
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
          message: 'Transaction cancelled',
        }),
      );
    });
  });
  let endpoint = '';
  beforeAll(async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  it('keeps each AWS call’s target, body and status, once per take', async () => {
    const recorder = recordOutboundRequests();
    const client = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        maxAttempts: 1,
      }),
    );

    await expect(client.send(new TransactWriteCommand(transaction))).rejects.toThrow(
      'Transaction cancelled',
    );

    const calls = recorder.take();
    expect(calls).toEqual([
      { target: 'DynamoDB_20120810.TransactWriteItems', body: received[0], status: 400 },
    ]);
    expect(recorder.counts()).toEqual({ dynamodb: 1 });
    expect(recorder.take()).toEqual([]);
  });
});
