/**
 * An operator's actions on a tenant: suspension reaches the tenant's very next request (the
 * authorizer cache is flushed), a complimentary plan changes its limits, each action lands in the
 * platform trail and the tenant's own, and bad input changes nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '#shared/data/document-client.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type SignedInOperator, signedInOperator } from '../support/operators.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
let operator: SignedInOperator;

beforeAll(async () => {
  // With the authorizer cache on, as npm start and AWS run it: only a flush makes it see a change.
  gateway = await startTestGateway(60);
  operator = await signedInOperator(gateway.baseUrl);
});
afterAll(() => gateway.close());

const act = (method: string, path: string, body: unknown) =>
  request<{ error?: { code: string } }>(gateway.baseUrl, method, path, {
    token: operator.idToken,
    body,
  });

async function platformTrail(tenantId: string): Promise<Record<string, unknown>[]> {
  const day = new Date().toISOString().slice(0, 10);
  const result = await documentClient().send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `PLATFORM#AUDIT#${day}` },
    }),
  );
  return (result.Items ?? []).filter((item) => item.tenantId === tenantId);
}

describe('suspending a tenant', () => {
  let tenant: SignedUpTenant;
  beforeAll(async () => {
    tenant = await signUpAndLogin(gateway.baseUrl, 'Suspended Co');
  });

  it("refuses the tenant's next request with 403 tenant_suspended, until reactivated", async () => {
    // Prepare: the tenant's token is in the authorizer cache.
    const before = await request(gateway.baseUrl, 'GET', '/v1/me', { token: tenant.idToken });

    // Act
    const suspended = await act('POST', `/v1/platform/tenants/${tenant.tenantId}/suspend`, {
      reason: 'Abuse report 17',
    });
    const during = await request(gateway.baseUrl, 'GET', '/v1/projects', { token: tenant.idToken });
    const reactivated = await act('POST', `/v1/platform/tenants/${tenant.tenantId}/reactivate`, {
      reason: 'Resolved',
    });
    const after = await request(gateway.baseUrl, 'GET', '/v1/me', { token: tenant.idToken });

    // Assess
    expect(before.status).toBe(200);
    expect(suspended.status).toBe(200);
    expect(during.status).toBe(403);
    expect(during.body.error.code).toBe('tenant_suspended');
    expect(reactivated.status).toBe(200);
    expect(after.status).toBe(200);
  });

  it('records both actions in the platform trail and the tenant trail', async () => {
    const platform = await platformTrail(tenant.tenantId);
    const audit = await request<{ items: { action: string; details: unknown }[] }>(
      gateway.baseUrl,
      'GET',
      '/v1/audit',
      { token: tenant.idToken },
    );

    expect(platform.map((event) => [event.action, event.reason, event.operatorId])).toEqual([
      ['tenant.suspended', 'Abuse report 17', operator.operatorId],
      ['tenant.reactivated', 'Resolved', operator.operatorId],
    ]);
    expect(platform.every((event) => typeof event.requestId === 'string')).toBe(true);
    expect(audit.body.items.map((event) => event.action)).toEqual(
      expect.arrayContaining(['tenant.suspended', 'tenant.reactivated']),
    );
  });

  it('answers 400 without a reason and changes nothing', async () => {
    const response = await act('POST', `/v1/platform/tenants/${tenant.tenantId}/suspend`, {});
    const me = await request(gateway.baseUrl, 'GET', '/v1/me', { token: tenant.idToken });

    expect(response.status).toBe(400);
    expect(me.status).toBe(200);
  });

  it('answers 404 for an unknown tenant', async () => {
    const response = await act('POST', '/v1/platform/tenants/01JD3ZP5Q9W8X7V6T5S4R3Q2P1/suspend', {
      reason: 'x',
    });

    expect(response.status).toBe(404);
  });

  it('answers 409 when reactivating an active tenant', async () => {
    const response = await act('POST', `/v1/platform/tenants/${tenant.tenantId}/reactivate`, {
      reason: 'twice',
    });

    expect(response.status).toBe(409);
  });
});

describe('a complimentary plan', () => {
  it("becomes the tenant's plan at once", async () => {
    // Prepare
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Partner Co');
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString();

    // Act
    const granted = await act('PUT', `/v1/platform/tenants/${tenant.tenantId}/complimentary-plan`, {
      plan: 'pro',
      until,
      reason: 'Design partner',
    });
    const me = await request<{ plan: string }>(gateway.baseUrl, 'GET', '/v1/me', {
      token: tenant.idToken,
    });

    // Assess
    expect(granted.status).toBe(200);
    expect(me.body.plan).toBe('pro');
  });

  it('answers 400 for an end date in the past', async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Late Co');

    const response = await act(
      'PUT',
      `/v1/platform/tenants/${tenant.tenantId}/complimentary-plan`,
      { plan: 'pro', until: '2020-01-01T00:00:00Z', reason: 'Too late' },
    );
    const me = await request<{ plan: string }>(gateway.baseUrl, 'GET', '/v1/me', {
      token: tenant.idToken,
    });

    expect(response.status).toBe(400);
    expect(me.body.plan).toBe('free');
  });
});

describe("overrides and work on the tenant's behalf", () => {
  it('sets overrides and starts an export the operator cannot download', async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Override Co');

    const overrides = await act('PUT', `/v1/platform/tenants/${tenant.tenantId}/overrides`, {
      limits: { requestsPerSecond: 2 },
      features: { sso: true },
      reason: 'Pilot',
    });
    const started = await request<{ jobId: string }>(
      gateway.baseUrl,
      'POST',
      `/v1/platform/tenants/${tenant.tenantId}/exports`,
      { token: operator.idToken, body: { reason: 'Requested by the owner on a call' } },
    );
    const job = await request(gateway.baseUrl, 'GET', `/v1/jobs/${started.body.jobId}`, {
      token: operator.idToken,
    });

    expect(overrides.status).toBe(200);
    expect(started.status).toBe(202);
    expect(job.status).toBe(401);
  });
});
