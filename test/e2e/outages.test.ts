/**
 * A dependency failing over HTTP (aws-sdk-client-mock makes DynamoDB, Cognito or SQS fail after the
 * SDK's own retries, as an outage, a timeout or throttling would): every answer is a 503
 * `service_unavailable` with Retry-After, from the routes and the authorizer alike, and nothing is
 * left half written once the dependency is back.
 */
import {
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { outageRetryAfterSeconds } from '#shared/errors.ts';
import {
  type JsonResponse,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { addMember, logIn, memberEtag } from '../support/members.ts';
import {
  type SignedUpTenant,
  signUpAndLogin,
  uniqueEmail,
  validPassword,
} from '../support/tenants.ts';

/** What the SDK throws once its retries are spent, one of each kind an outage produces. */
const failures = {
  connectionRefused: () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' }),
  timedOut: () =>
    Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
  dynamoThrottled: () =>
    new ProvisionedThroughputExceededException({ message: 'Throughput exceeded', $metadata: {} }),
  cognitoThrottled: () =>
    new TooManyRequestsException({ message: 'Too many requests', $metadata: {} }),
};

// Every other command reaches the real emulators: only the ones a test names fail.
const dynamo = mockClient(DynamoDBDocumentClient);
const cognito = mockClient(CognitoIdentityProviderClient);
const sqs = mockClient(SQSClient);
function passThrough(): void {
  for (const mock of [dynamo, cognito, sqs]) {
    mock.reset();
    mock.send.callThrough();
  }
}
passThrough();
afterEach(passThrough);
afterAll(() => {
  for (const mock of [dynamo, cognito, sqs]) mock.restore();
});

/** A gateway that caches authorizer results, so a route can fail on its own after one good call. */
let cached: TestGateway;
/** A gateway that runs the authorizer on every request. */
let uncached: TestGateway;
let owner: SignedUpTenant;
beforeAll(async () => {
  [cached, uncached] = await Promise.all([startTestGateway(60), startTestGateway(0)]);
  owner = await signUpAndLogin(uncached.baseUrl, 'Outage Co');
});
afterAll(() => Promise.all([cached.close(), uncached.close()]));

function expectServiceUnavailable(response: JsonResponse<unknown>): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe(String(outageRetryAfterSeconds));
  expect(response.headers.get('x-request-id')).toBeTruthy();
  expect(response.body).toEqual({
    error: { code: 'service_unavailable', message: expect.any(String), details: null },
  });
}

describe('the authorizer with DynamoDB down', () => {
  it.each([
    ['refused connections', failures.connectionRefused],
    ['timeouts', failures.timedOut],
  ])(
    'answers 503 with Retry-After on %s, and 200 once DynamoDB is back',
    async (_case, failure) => {
      // Prepare
      dynamo.on(BatchGetCommand).rejects(failure());
      dynamo.on(GetCommand).rejects(failure());

      // Act
      const during = await request(uncached.baseUrl, 'GET', '/v1/me', { token: owner.idToken });
      passThrough();
      const after = await request(uncached.baseUrl, 'GET', '/v1/me', { token: owner.idToken });

      // Assess
      expect(during.status).toBe(503);
      expect(during.headers.get('retry-after')).toBe(String(outageRetryAfterSeconds));
      expect(during.body).toMatchObject({ error: { code: 'service_unavailable' } });
      expect(after.status).toBe(200);
    },
  );
});

describe('routes with DynamoDB failing', () => {
  it('answers 503 to a create whose transaction is throttled, and writes nothing', async () => {
    // Prepare: one good call fills the authorizer cache, so only the route meets the failure
    const tenant = await signUpAndLogin(cached.baseUrl, 'Throttled Co');
    expect((await request(cached.baseUrl, 'GET', '/v1/me', { token: tenant.idToken })).status).toBe(
      200,
    );
    dynamo.on(TransactWriteCommand).rejects(failures.dynamoThrottled());

    // Act
    const create = await request(cached.baseUrl, 'POST', '/v1/projects', {
      token: tenant.idToken,
      body: { name: 'Never written' },
    });
    passThrough();

    // Assess
    expectServiceUnavailable(create);
    const list = await request<{ items: unknown[] }>(cached.baseUrl, 'GET', '/v1/projects', {
      token: tenant.idToken,
    });
    expect(list.body.items).toEqual([]);
  });

  it('answers 503 when a member removal cannot be written, and the member can still sign in', async () => {
    // Prepare
    const tenant = await signUpAndLogin(cached.baseUrl, 'Removal Outage Co');
    const member = await addMember(cached.baseUrl, tenant, 'member');
    const etag = await memberEtag(cached.baseUrl, tenant, member.userId);
    dynamo.on(TransactWriteCommand).rejects(failures.connectionRefused());

    // Act
    const removal = await request(cached.baseUrl, 'DELETE', `/v1/members/${member.userId}`, {
      token: tenant.idToken,
      headers: { 'if-match': etag },
    });
    passThrough();

    // Assess: Cognito disabled the user first, and enabled it again when the write failed
    expectServiceUnavailable(removal);
    await logIn(cached.baseUrl, member.email);
    expect(await memberEtag(cached.baseUrl, tenant, member.userId)).toBe(etag);
  });
});

describe('routes with Cognito failing', () => {
  it('answers 503 to a login while Cognito throttles, and logs in once it stops', async () => {
    cognito.on(InitiateAuthCommand).rejects(failures.cognitoThrottled());

    const during = await request(cached.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: owner.email, password: validPassword },
    });
    passThrough();

    expectServiceUnavailable(during);
    await logIn(cached.baseUrl, owner.email);
  });

  it('answers 503 to a sign-up Cognito cannot finish, and leaves the email free', async () => {
    // Prepare
    const email = uniqueEmail();
    cognito.on(AdminSetUserPasswordCommand).rejects(failures.timedOut());

    // Act
    const during = await request(cached.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Half Co', email, password: validPassword },
    });
    passThrough();
    const again = await request(cached.baseUrl, 'POST', '/v1/tenants', {
      body: { tenantName: 'Whole Co', email, password: validPassword },
    });

    // Assess
    expectServiceUnavailable(during);
    expect(again.status).toBe(201);
  });
});

describe('routes with SQS failing', () => {
  it('answers 503 to an export that cannot be queued, and leaves no job behind', async () => {
    // Prepare
    const tenant = await signUpAndLogin(cached.baseUrl, 'Queue Outage Co');
    expect((await request(cached.baseUrl, 'GET', '/v1/me', { token: tenant.idToken })).status).toBe(
      200,
    );
    sqs.on(SendMessageCommand).rejects(failures.connectionRefused());

    // Act
    const started = await request(cached.baseUrl, 'POST', '/v1/exports', { token: tenant.idToken });
    passThrough();

    // Assess
    expectServiceUnavailable(started);
    const jobs = await request<{ items: unknown[] }>(cached.baseUrl, 'GET', '/v1/jobs', {
      token: tenant.idToken,
    });
    expect(jobs.body.items).toEqual([]);
  });
});

describe('GET /health/ready', () => {
  it('answers 200 while the table answers, 503 while it does not; /health stays 200', async () => {
    const ready = await request(cached.baseUrl, 'GET', '/health/ready');
    dynamo.on(GetCommand).rejects(failures.connectionRefused());
    const broken = await request(cached.baseUrl, 'GET', '/health/ready');
    const live = await request(cached.baseUrl, 'GET', '/health');
    passThrough();

    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { dynamodb: 'ok' } });
    expect(broken.status).toBe(503);
    expect(broken.headers.get('retry-after')).toBe(String(outageRetryAfterSeconds));
    expect(broken.body).toMatchObject({
      error: { code: 'service_unavailable', details: { checks: { dynamodb: 'failing' } } },
    });
    expect(live.status).toBe(200);
  });
});
