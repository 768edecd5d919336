/**
 * Cost and margin per tenant, end to end: a tenant's requests over HTTP record their DynamoDB
 * capacity and Lambda time, the daily job prices them into cost items, and an operator reads the
 * tenant's month and the least profitable tenants — another tenant's figures stay its own.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../support/jobs.ts';
import { type SignedInOperator, signedInOperator } from '../support/operators.ts';
import { signUpAndLogin } from '../support/tenants.ts';

// What npm start sets: the local record of each request's consumption, read by the daily job.
process.env.CONSUMPTION_LOG_DIR = mkdtempSync(join(tmpdir(), 'tenantkit-consumption-'));

interface Costed {
  readonly tenantId?: string;
  readonly requests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly gbSeconds: number;
  readonly days: number;
  readonly cost: { readonly total: number; readonly dynamodbWrites: number };
  readonly revenue: number;
  readonly margin: number;
}

let gateway: TestGateway;
let jobs: TestJobs;
let operator: SignedInOperator;
beforeAll(async () => {
  jobs = await startTestJobs();
  gateway = await startTestGateway();
  operator = await signedInOperator(gateway.baseUrl);
});
afterAll(async () => {
  await jobs.stop();
  await gateway.close();
});

const asOperator = <T>(path: string) =>
  request<T>(gateway.baseUrl, 'GET', path, { token: operator.idToken });

describe('cost and margin per tenant', () => {
  it("prices a tenant's own requests, and only its own, into the operator's figures", async () => {
    // Prepare: one busy tenant, one that signs up and sends no request
    const busy = await signUpAndLogin(gateway.baseUrl, 'Busy Co');
    const quiet = await signUpAndLogin(gateway.baseUrl, 'Quiet Co');
    for (const name of ['One', 'Two']) {
      const created = await request(gateway.baseUrl, 'POST', '/v1/projects', {
        token: busy.idToken,
        body: { name },
      });
      expect(created.status).toBe(201);
    }
    await request(gateway.baseUrl, 'GET', '/v1/projects', { token: busy.idToken });
    const today = new Date().toISOString().slice(0, 10);

    // Act: the daily job for today, then the operator's reads
    const daily = await request(gateway.baseUrl, 'POST', `/_local/daily?date=${today}`);
    await jobs.workers.drained();
    const busyDetail = await asOperator<{ cost: Costed }>(`/v1/platform/tenants/${busy.tenantId}`);
    const quietDetail = await asOperator<{ cost: Costed }>(
      `/v1/platform/tenants/${quiet.tenantId}`,
    );
    const ranking = await asOperator<{ items: Costed[] }>(
      `/v1/platform/costs/least-profitable?period=${today}&limit=100`,
    );

    // Assess: three requests with their writes and compute, on the free plan (no revenue)
    expect(daily.status).toBe(202);
    expect(busyDetail.status).toBe(200);
    const cost = busyDetail.body.cost;
    expect(cost.days).toBe(1);
    expect(cost.requests).toBe(3);
    expect(cost.writeUnits).toBeGreaterThan(0);
    expect(cost.gbSeconds).toBeGreaterThan(0);
    expect(cost.cost.dynamodbWrites).toBeGreaterThan(0);
    expect(cost.revenue).toBe(0);
    expect(cost.margin).toBeCloseTo(-cost.cost.total, 9);
    // The quiet tenant made no requests; its own jobs (the verification mail) are its only cost.
    expect(quietDetail.body.cost.requests).toBe(0);
    expect(quietDetail.body.cost.cost.total).toBeLessThan(cost.cost.total);
    const ids = ranking.body.items.map((item) => item.tenantId);
    expect(ids).toContain(busy.tenantId);
    // Lowest margin first (other test files' tenants share the table, so compare margins, not places).
    const margins = ranking.body.items.map((item) => item.margin);
    expect(margins).toEqual([...margins].sort((a, b) => a - b));
    expect(ranking.body.items.find((item) => item.tenantId === busy.tenantId)?.margin).toBeCloseTo(
      cost.margin,
      9,
    );
    expect(quietDetail.body.cost.margin).toBeGreaterThan(cost.margin);
  });

  it('is for operators only, and refuses a malformed period', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Curious Co');

    // Act
    const asTenant = await request(
      gateway.baseUrl,
      'GET',
      '/v1/platform/costs/least-profitable?period=2026-12',
      {
        token: owner.idToken,
      },
    );
    const malformed = await asOperator('/v1/platform/costs/least-profitable?period=december');

    // Assess
    expect(asTenant.status).toBe(401);
    expect(malformed.status).toBe(400);
  });
});
