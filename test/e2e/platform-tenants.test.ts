/**
 * An operator finds tenants (name prefix, owner email, plan, status; paged) and reads one tenant's
 * metadata — counts and plan, never its application data.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { setPlan } from '../support/members.ts';
import { type SignedInOperator, signedInOperator } from '../support/operators.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

interface Summary {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  readonly status: string;
}
interface Page {
  readonly items: Summary[];
  readonly nextCursor: string | null;
}
interface Detail {
  readonly id: string;
  readonly ownerEmail: string | null;
  readonly members: number;
  readonly usage: {
    readonly requests: { used: number; limit: number };
    readonly projects: { used: number; limit: number };
    readonly seats: { used: number; limit: number };
  };
  readonly lastActivity: { at: string; action: string } | null;
}

const prefix = `Zq${randomUUID().slice(0, 8)}`;
let gateway: TestGateway;
let operator: SignedInOperator;
let alpha: SignedUpTenant;
let beta: SignedUpTenant;

beforeAll(async () => {
  gateway = await startTestGateway();
  [operator, alpha, beta] = await Promise.all([
    signedInOperator(gateway.baseUrl),
    signUpAndLogin(gateway.baseUrl, `${prefix} Alpha`),
    signUpAndLogin(gateway.baseUrl, `${prefix.toUpperCase()} Beta`),
  ]);
  await setPlan(beta.tenantId, 'pro');
});
afterAll(() => gateway.close());

const list = (query: string) =>
  request<Page>(gateway.baseUrl, 'GET', `/v1/platform/tenants?${query}`, {
    token: operator.idToken,
  });

describe('GET /v1/platform/tenants', () => {
  it('finds tenants by name prefix in any case, sorted by name', async () => {
    const response = await list(`name=${prefix.toLowerCase()}`);

    expect(response.status).toBe(200);
    expect(response.body.items.map((tenant) => tenant.id)).toEqual([alpha.tenantId, beta.tenantId]);
  });

  it('pages with a sealed cursor', async () => {
    const first = await list(`name=${prefix}&limit=1`);
    const second = await list(`name=${prefix}&limit=1&cursor=${first.body.nextCursor}`);

    expect(first.body.items.map((tenant) => tenant.id)).toEqual([alpha.tenantId]);
    expect(second.body.items.map((tenant) => tenant.id)).toEqual([beta.tenantId]);
  });

  it('refuses a cursor of another listing', async () => {
    const first = await list(`name=${prefix}&limit=1`);

    const response = await list(`name=${prefix}&plan=pro&limit=1&cursor=${first.body.nextCursor}`);

    expect(response.status).toBe(400);
  });

  it('filters by plan', async () => {
    const response = await list(`name=${prefix}&plan=pro`);

    expect(response.body.items.map((tenant) => tenant.id)).toEqual([beta.tenantId]);
  });

  it('finds the tenant an owner email owns', async () => {
    const response = await list(`ownerEmail=${encodeURIComponent(alpha.email.toUpperCase())}`);

    expect(response.body).toEqual({
      items: [expect.objectContaining({ id: alpha.tenantId, plan: 'free', status: 'active' })],
      nextCursor: null,
    });
  });

  it('finds nothing for an unknown email', async () => {
    const response = await list('ownerEmail=nobody-here%40example.test');

    expect(response.body).toEqual({ items: [], nextCursor: null });
  });
});

describe('GET /v1/platform/tenants/{tenantId}', () => {
  it("shows counts and activity, never the tenant's data", async () => {
    // Prepare
    const secretName = `Secret project ${randomUUID()}`;
    const created = await request(gateway.baseUrl, 'POST', '/v1/projects', {
      token: alpha.idToken,
      body: { name: secretName },
    });
    expect(created.status).toBe(201);

    // Act
    const response = await request<Detail>(
      gateway.baseUrl,
      'GET',
      `/v1/platform/tenants/${alpha.tenantId}`,
      { token: operator.idToken },
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: alpha.tenantId,
      ownerEmail: alpha.email,
      members: 1,
      usage: { seats: { used: 1, limit: 3 }, projects: { used: 1, limit: 3 } },
      lastActivity: { action: 'project.created' },
    });
    expect(JSON.stringify(response.body)).not.toContain(secretName);
  });

  it('answers 404 for a tenant that does not exist', async () => {
    const response = await request(
      gateway.baseUrl,
      'GET',
      '/v1/platform/tenants/01JD3ZP5Q9W8X7V6T5S4R3Q2P1',
      { token: operator.idToken },
    );

    expect(response.status).toBe(404);
  });

  it('answers 400 for a path that cannot be a tenant id', async () => {
    const response = await request(gateway.baseUrl, 'GET', '/v1/platform/tenants/not-an-id', {
      token: operator.idToken,
    });

    expect(response.status).toBe(400);
  });
});
