/**
 * A real outage: this file runs its own DynamoDB Local (not the run's shared one), stops it while
 * the gateway serves, and starts it again on the same port and data directory. During the outage
 * every answer is a 503 with Retry-After (routes, authorizer, readiness) while liveness stays 200;
 * once DynamoDB is back, the same requests succeed and nothing written before is lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '#dev/bootstrap.ts';
import { type Emulator, startDynamoDbLocal } from '#dev/emulators/dynamodb.ts';
import { freePort } from '#dev/processes.ts';
import { outageRetryAfterSeconds } from '#shared/errors.ts';
import type { ProjectView } from '#shared/projects/resource.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

let dataDir: string;
let port: number;
let dynamodb: Emulator | undefined;
/** Caches authorizer results, so a route meets the outage itself. */
let cached: TestGateway;
/** Runs the authorizer on every request. */
let uncached: TestGateway;

const startDynamoDb = async (): Promise<Emulator> => startDynamoDbLocal({ port, dataDir });

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tenantkit-outage-'));
  port = await freePort();
  dynamodb = await startDynamoDb();
  await createTable(dynamodb.endpoint, process.env.TABLE_NAME ?? 'tenantkit-outage-table');
  // Before any handler runs: the handlers read their endpoint once, on first use, as on Lambda.
  process.env.DYNAMODB_ENDPOINT = dynamodb.endpoint;
  [cached, uncached] = await Promise.all([startTestGateway(60), startTestGateway(0)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([cached?.close(), uncached?.close()]);
  await dynamodb?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** Polls GET /health/ready until it answers 200, or gives up after 30 s with the last answer. */
async function untilReady(baseUrl: string): Promise<{ status: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await request(baseUrl, 'GET', '/health/ready');
    if (ready.status === 200 || Date.now() > deadline) return ready;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('DynamoDB Local stopped and started again', () => {
  it('answers 503 with Retry-After while it is down, and recovers once it is back', async () => {
    // Prepare: a tenant with one project, and the cached gateway's authorizer cache filled
    const tenant: SignedUpTenant = await signUpAndLogin(cached.baseUrl, 'Real Outage Co');
    const created = await request<ProjectView>(cached.baseUrl, 'POST', '/v1/projects', {
      token: tenant.idToken,
      body: { name: 'Survives the outage' },
    });
    expect(created.status).toBe(201);
    const path = `/v1/projects/${created.body.id}`;

    // Act: stop it for real
    await dynamodb?.stop();
    dynamodb = undefined;
    const [read, write, authorized, ready, live] = await Promise.all([
      request(cached.baseUrl, 'GET', path, { token: tenant.idToken }),
      request(cached.baseUrl, 'POST', '/v1/projects', {
        token: tenant.idToken,
        body: { name: 'Written during the outage' },
      }),
      request(uncached.baseUrl, 'GET', path, { token: tenant.idToken }),
      request(cached.baseUrl, 'GET', '/health/ready'),
      request(cached.baseUrl, 'GET', '/health'),
    ]);
    dynamodb = await startDynamoDb();
    // As a client honouring Retry-After would: a JVM just started may answer its first calls slowly.
    const readyAgain = await untilReady(cached.baseUrl);
    const [readAgain, authorizedAgain, list] = await Promise.all([
      request<ProjectView>(cached.baseUrl, 'GET', path, { token: tenant.idToken }),
      request(uncached.baseUrl, 'GET', path, { token: tenant.idToken }),
      request<{ items: ProjectView[] }>(cached.baseUrl, 'GET', '/v1/projects', {
        token: tenant.idToken,
      }),
    ]);

    // Assess
    for (const response of [read, write, authorized, ready]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe(String(outageRetryAfterSeconds));
      expect(response.body).toMatchObject({ error: { code: 'service_unavailable' } });
    }
    expect(live.status).toBe(200);
    expect([readAgain.status, authorizedAgain.status, readyAgain.status]).toEqual([200, 200, 200]);
    expect(readAgain.body.name).toBe('Survives the outage');
    expect(list.body.items.map((project) => project.name)).toEqual(['Survives the outage']);
  }, 120_000);
});
