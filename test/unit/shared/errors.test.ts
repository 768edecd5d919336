/**
 * The one classification of a dependency's failure: what the SDK throws for an outage, a timeout or
 * throttling becomes a 503 with Retry-After; a request's own fault or a bug does not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsClientTimeouts } from '#shared/config/runtime-config.ts';
import { createDocumentClient } from '#shared/data/document-client.ts';
import {
  NotFoundError,
  outageRetryAfterSeconds,
  ServiceUnavailableError,
  serviceUnavailableFrom,
} from '#shared/errors.ts';
import { toErrorResponse } from '#shared/http/error-response.ts';

const metadata = { $metadata: {} };

describe('serviceUnavailableFrom', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })],
    ['a reset connection', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['an unknown host', Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' })],
    ['an SDK timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    [
      'DynamoDB throttling',
      new ProvisionedThroughputExceededException({ message: 'slow down', ...metadata }),
    ],
    [
      'a transaction cancelled by throttling',
      new TransactionCanceledException({
        message: 'cancelled',
        ...metadata,
        CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }],
      }),
    ],
    [
      'a 5xx of the service',
      Object.assign(new Error('InternalServerError'), { $metadata: { httpStatusCode: 500 } }),
    ],
  ])('makes %s a ServiceUnavailableError that keeps its cause', (_case, error) => {
    const outage = serviceUnavailableFrom(error);

    expect(outage).toBeInstanceOf(ServiceUnavailableError);
    expect(outage?.cause).toBe(error);
  });

  it.each([
    ['a failed condition', new ConditionalCheckFailedException({ message: 'no', ...metadata })],
    [
      'a transaction cancelled by a condition',
      new TransactionCanceledException({
        message: 'cancelled',
        ...metadata,
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a domain error', new NotFoundError('Project not found')],
    ['something that is no error', 'boom'],
  ])('leaves %s alone', (_case, error) => {
    expect(serviceUnavailableFrom(error)).toBeUndefined();
  });
});

describe('toErrorResponse', () => {
  it('answers an outage with 503 service_unavailable and Retry-After, with no internals', () => {
    const response = toErrorResponse(
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:443'), { code: 'ECONNREFUSED' }),
    );

    expect(response).toEqual({
      statusCode: 503,
      headers: { 'retry-after': String(outageRetryAfterSeconds) },
      body: {
        error: {
          code: 'service_unavailable',
          message: 'A service this request needs is unavailable; retry shortly',
          details: null,
        },
      },
    });
  });

  it('still answers a bug with a bare 500', () => {
    expect(toErrorResponse(new TypeError('x is undefined')).statusCode).toBe(500);
  });
});

describe('the SDK timeouts', () => {
  // A server that accepts connections and never answers: a dependency that hangs.
  let hanging: Server;
  let endpoint: string;
  beforeAll(async () => {
    hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    hanging.closeAllConnections();
    hanging.close();
  });

  it('end a call to a dependency that never answers, as an outage, after every attempt', async () => {
    // Prepare
    const client = createDocumentClient({ region: 'us-east-1', endpoint, ...awsClientTimeouts });
    let attempts = 0;
    hanging.on('request', () => {
      attempts++;
    });

    // Act
    const failure = await client
      .send(new GetCommand({ TableName: 'table', Key: { PK: 'a', SK: 'b' } }))
      .catch((error: unknown) => error);

    // Assess
    expect(serviceUnavailableFrom(failure)).toBeInstanceOf(ServiceUnavailableError);
    expect(attempts).toBe(awsClientTimeouts.maxAttempts);
    client.destroy();
  }, 15_000);
});
