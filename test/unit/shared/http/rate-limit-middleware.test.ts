/** The limiter fails open: a store that errors or is slow never turns a request into a 5xx. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '#dev/lambda-context.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { logger } from '#shared/observability/logger.ts';
import { authorizedEvent } from '../../../support/events.ts';
import { readRoute } from '../../../support/routes.ts';

// Read once per test file, before the first request: the limiter on, against a table name.
Object.assign(process.env, { RATE_LIMITS: 'on', TABLE_NAME: 'unit-table' });

const dynamo = mockClient(DynamoDBDocumentClient);
afterEach(() => {
  dynamo.reset();
  vi.restoreAllMocks();
});

const handler = apiHandler(readRoute, { handle: async () => ok({ done: true }) });
const event = () =>
  authorizedEvent({
    tenantId: '01JTESTTENANT0000000000000',
    userId: 'u1',
    role: 'owner',
    plan: 'free',
  });

describe('the rate-limit middleware', () => {
  it('lets the request through and logs it when the store errors', async () => {
    dynamo.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    const warn = vi.spyOn(logger, 'warn');

    const result = await handler(event(), lambdaContext('unit'));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.ratelimit).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'Request limiter unavailable; request let through',
      expect.objectContaining({ limiter: 'tenant' }),
    );
  });

  it('lets the request through after the 50 ms budget when the store hangs', async () => {
    dynamo.on(UpdateCommand).callsFake(() => new Promise(() => undefined));
    const started = performance.now();

    const result = await handler(event(), lambdaContext('unit'));

    expect(result.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers 429 with Retry-After and RateLimit fields when the stored bucket is empty', async () => {
    const fullTat = (Date.now() + 60_000) * 1000;
    dynamo.on(UpdateCommand).rejects(
      new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: marshall({ tat: fullTat }),
      }),
    );

    const result = await handler(event(), lambdaContext('unit'));
    const body = JSON.parse(result.body) as { error: { code: string; message: string } };

    expect(result.statusCode).toBe(429);
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).not.toContain('01JTESTTENANT');
    expect(Number(result.headers?.['retry-after'])).toBeGreaterThan(50);
    expect(result.headers?.ratelimit).toMatch(/^"burst";r=0;t=\d+$/);
    expect(result.headers?.['ratelimit-policy']).toContain('"burst";q=10;w=2');
  });

  it('puts the RateLimit fields on an admitted response', async () => {
    const nowUs = Date.now() * 1000;
    dynamo.on(UpdateCommand).resolves({ Attributes: { tat: nowUs + 200_000 } });

    const result = await handler(event(), lambdaContext('unit'));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.ratelimit).toMatch(/^"burst";r=9;t=1, "month";r=100000;t=\d+$/);
  });
});
