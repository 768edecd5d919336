/**
 * Webhook endpoints over HTTP: the second tenant resource, built on the same generic one as
 * projects, with every convention — secret shown once, https public URLs only, ETags, idempotent
 * creates, the plan limit, cursors, audit events, admins only, and tenant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plans } from '#shared/tenants/plans.ts';
import type { CreatedWebhookView, WebhookView } from '#shared/webhooks/resource.ts';
import {
  type ErrorResponseBody,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { addMember } from '../support/members.ts';
import { signUpAndLogin } from '../support/tenants.ts';

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

const api = <T = WebhookView>(
  as: { idToken: string },
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: as.idToken, ...options });

const endpoint = (events = ['project.created']) => ({
  url: 'https://hooks.example.com/tenantkit',
  events,
});

describe('webhook endpoints', () => {
  it('registers an endpoint, shows its secret once, then reads, changes and removes it with ETags', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Hooks Co');

    // Act: register
    const created = await api<CreatedWebhookView>(owner, 'POST', '/v1/webhooks', {
      body: { ...endpoint(), description: 'CRM sync' },
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      ...endpoint(),
      description: 'CRM sync',
      createdBy: owner.userId,
      version: 1,
    });
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/v1/webhooks/${created.body.id}`);

    // Act / Assess: reads never show the secret
    const read = await api(owner, 'GET', `/v1/webhooks/${created.body.id}`);
    const list = await api<Page<WebhookView>>(owner, 'GET', '/v1/webhooks');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('"1"');
    const { secret, ...shown } = created.body;
    expect(read.body).toEqual(shown);
    expect(list.body.items).toEqual([shown]);
    expect(JSON.stringify([read.body, list.body])).not.toContain(secret);

    // Act / Assess: change with If-Match; a stale ETag is a 412 and changes nothing
    const changed = await api(owner, 'PATCH', `/v1/webhooks/${created.body.id}`, {
      body: { events: ['project.created', 'project.deleted'] },
      headers: { 'if-match': '"1"' },
    });
    const stale = await api<ErrorResponseBody>(owner, 'PATCH', `/v1/webhooks/${created.body.id}`, {
      body: { description: 'late' },
      headers: { 'if-match': '"1"' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      events: ['project.created', 'project.deleted'],
      description: 'CRM sync',
      version: 2,
    });
    expect(changed.headers.get('etag')).toBe('"2"');
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'precondition_failed' });

    // Act / Assess: remove, If-Match required
    const unguarded = await api(owner, 'DELETE', `/v1/webhooks/${created.body.id}`);
    const removed = await api(owner, 'DELETE', `/v1/webhooks/${created.body.id}`, {
      headers: { 'if-match': '"2"' },
    });
    expect(unguarded.status).toBe(428);
    expect(removed.status).toBe(204);
    expect((await api(owner, 'GET', `/v1/webhooks/${created.body.id}`)).status).toBe(404);
    const audit = await api<Page<{ action: string }>>(owner, 'GET', '/v1/audit?limit=3');
    expect(audit.body.items.map((event) => event.action)).toEqual([
      'webhook.deleted',
      'webhook.updated',
      'webhook.created',
    ]);
  });

  it.each([
    ['plain http', 'http://hooks.example.com/x'],
    ['loopback', 'https://127.0.0.1/x'],
    ['loopback written as a number', 'https://2130706433/x'],
    ['IPv6 loopback', 'https://[::1]/x'],
    ['a private network', 'https://10.0.0.7/x'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['localhost', 'https://localhost:8443/x'],
    ['an internal name', 'https://jenkins.internal/x'],
    ['credentials in the URL', 'https://user:pass@hooks.example.com/x'],
  ])('refuses %s as the URL with 400, on create and on change', async (_case, url) => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Strict Hooks Co');
    const { body: webhook } = await api(owner, 'POST', '/v1/webhooks', { body: endpoint() });

    // Act
    const create = await api<ErrorResponseBody>(owner, 'POST', '/v1/webhooks', {
      body: { ...endpoint(), url },
    });
    const change = await api<ErrorResponseBody>(owner, 'PATCH', `/v1/webhooks/${webhook.id}`, {
      body: { url },
      headers: { 'if-match': '"1"' },
    });

    // Assess
    expect([create.status, change.status]).toEqual([400, 400]);
    expect(create.body.error.code).toBe('validation_failed');
    expect((await api(owner, 'GET', `/v1/webhooks/${webhook.id}`)).body.url).toBe(endpoint().url);
  });

  it('refuses unknown or repeated events, an empty list and unknown fields with 400', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Events Co');

    const responses = await Promise.all(
      [
        endpoint(['project.exploded']),
        endpoint(['project.created', 'project.created']),
        endpoint([]),
        { ...endpoint(), secret: 'mine' },
      ].map((body) => api(owner, 'POST', '/v1/webhooks', { body })),
    );

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400]);
  });

  it(`stops at the free plan's ${plans.free.maxWebhooks} endpoints with 402, exactly, under concurrency`, async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Limit Hooks Co');
    const attempts = plans.free.maxWebhooks + 3;

    // Act
    const responses = await Promise.all(
      Array.from({ length: attempts }, () =>
        api<ErrorResponseBody>(owner, 'POST', '/v1/webhooks', { body: endpoint() }),
      ),
    );

    // Assess
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(plans.free.maxWebhooks);
    expect(responses.find((response) => response.status === 402)?.body.error).toMatchObject({
      code: 'plan_limit_reached',
      details: { limit: 'maxWebhooks', max: plans.free.maxWebhooks, plan: 'free' },
    });
  });

  it('replays a create retried with the same Idempotency-Key, secret included, and refuses another body with 422', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Retry Hooks Co');
    const headers = { 'idempotency-key': 'hook-1' };

    const first = await api<CreatedWebhookView>(owner, 'POST', '/v1/webhooks', {
      body: endpoint(),
      headers,
    });
    const retry = await api<CreatedWebhookView>(owner, 'POST', '/v1/webhooks', {
      body: endpoint(),
      headers,
    });
    const other = await api(owner, 'POST', '/v1/webhooks', {
      body: endpoint(['tenant.updated']),
      headers,
    });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(other.status).toBe(422);
    const list = await api<Page<WebhookView>>(owner, 'GET', '/v1/webhooks');
    expect(list.body.items).toHaveLength(1);
  });

  it('pages with cursors, newest first', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Paged Hooks Co');
    const ids: string[] = [];
    for (let index = 0; index < plans.free.maxWebhooks; index++) {
      ids.push((await api(owner, 'POST', '/v1/webhooks', { body: endpoint() })).body.id);
    }

    // Act
    const first = await api<Page<WebhookView>>(owner, 'GET', '/v1/webhooks?limit=1');
    const second = await api<Page<WebhookView>>(
      owner,
      'GET',
      `/v1/webhooks?limit=1&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );

    // Assess
    expect([...first.body.items, ...second.body.items].map((item) => item.id)).toEqual(
      ids.reverse(),
    );
  });

  it('lets admins and owners in, and nobody below (403)', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Roles Hooks Co');
    const [admin, member] = await Promise.all([
      addMember(gateway.baseUrl, owner, 'admin'),
      addMember(gateway.baseUrl, owner, 'member'),
    ]);

    const byAdmin = await api(admin, 'POST', '/v1/webhooks', { body: endpoint() });
    const byMember = await api(member, 'GET', '/v1/webhooks');

    expect(byAdmin.status).toBe(201);
    expect(byMember.status).toBe(403);
  });

  it('never shows, changes or deletes another tenant’s endpoint, and never confirms it exists', async () => {
    // Prepare
    const [owner, intruder] = await Promise.all([
      signUpAndLogin(gateway.baseUrl, 'Victim Hooks Co'),
      signUpAndLogin(gateway.baseUrl, 'Intruder Hooks Co'),
    ]);
    const { body: webhook } = await api(owner, 'POST', '/v1/webhooks', { body: endpoint() });
    const path = `/v1/webhooks/${webhook.id}`;

    // Act
    const responses = await Promise.all([
      api<ErrorResponseBody>(intruder, 'GET', path),
      api<ErrorResponseBody>(intruder, 'PATCH', path, {
        body: { url: 'https://evil.example.com/' },
        headers: { 'if-match': '"1"' },
      }),
      api<ErrorResponseBody>(intruder, 'DELETE', path, { headers: { 'if-match': '"1"' } }),
    ]);
    const list = await api<Page<WebhookView>>(intruder, 'GET', '/v1/webhooks');

    // Assess
    expect(responses.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(responses[0]?.body).toMatchObject({ error: { code: 'not_found' } });
    expect(list.body.items).toEqual([]);
    const still = await api(owner, 'GET', path);
    expect(still.body).toMatchObject({ url: endpoint().url, version: 1 });
  });
});
