/** Projects over HTTP: every API convention a SaaS team will copy from this resource. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectView } from '#shared/projects/resource.ts';
import { plans } from '#shared/tenants/plans.ts';
import {
  type ErrorResponseBody,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

interface Page {
  readonly items: ProjectView[];
  readonly nextCursor: string | null;
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

const api = <T = ProjectView>(
  tenant: SignedUpTenant,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
) => request<T>(gateway.baseUrl, method, path, { token: tenant.idToken, ...options });

describe('project CRUD', () => {
  let tenant: SignedUpTenant;
  beforeAll(async () => {
    tenant = await signUpAndLogin(gateway.baseUrl, 'Crud Co');
  });

  it('creates, reads, updates and deletes a project with ETags', async () => {
    const createdResponse = await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'Relaunch', tags: ['web'] },
    });
    expect(createdResponse.status).toBe(201);
    const project = createdResponse.body;
    expect(project).toMatchObject({
      name: 'Relaunch',
      description: '',
      status: 'active',
      tags: ['web'],
      createdBy: tenant.userId,
      version: 1,
    });
    expect(createdResponse.headers.get('etag')).toBe('"1"');
    expect(createdResponse.headers.get('location')).toBe(`/v1/projects/${project.id}`);

    const read = await api(tenant, 'GET', `/v1/projects/${project.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(project);
    expect(read.headers.get('etag')).toBe('"1"');

    const updated = await api(tenant, 'PATCH', `/v1/projects/${project.id}`, {
      body: { status: 'archived', description: 'done' },
      headers: { 'if-match': '"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      status: 'archived',
      description: 'done',
      name: 'Relaunch',
      version: 2,
    });
    expect(updated.headers.get('etag')).toBe('"2"');

    const deleted = await api(tenant, 'DELETE', `/v1/projects/${project.id}`, {
      headers: { 'if-match': '"2"' },
    });
    expect(deleted.status).toBe(204);
    expect((await api(tenant, 'GET', `/v1/projects/${project.id}`)).status).toBe(404);
  });

  it('refuses a write with a stale ETag with 412 and writes nothing', async () => {
    const { body: project } = await api(tenant, 'POST', '/v1/projects', { body: { name: 'Race' } });
    await api(tenant, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'First writer' },
      headers: { 'if-match': '"1"' },
    });

    const stale = await api(tenant, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Second writer' },
      headers: { 'if-match': '"1"' },
    });
    const staleDelete = await api(tenant, 'DELETE', `/v1/projects/${project.id}`, {
      headers: { 'if-match': '"1"' },
    });

    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({
      error: { code: 'precondition_failed', details: { currentVersion: 2 } },
    });
    expect(staleDelete.status).toBe(412);
    expect((await api(tenant, 'GET', `/v1/projects/${project.id}`)).body.name).toBe('First writer');
  });

  it('requires If-Match on PATCH and DELETE (428)', async () => {
    const { body: project } = await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'Guarded' },
    });

    const patch = await api(tenant, 'PATCH', `/v1/projects/${project.id}`, { body: { name: 'x' } });
    const remove = await api(tenant, 'DELETE', `/v1/projects/${project.id}`);
    const notATag = await api(tenant, 'DELETE', `/v1/projects/${project.id}`, {
      headers: { 'if-match': '1' },
    });

    expect(patch.status).toBe(428);
    expect(remove.status).toBe(428);
    expect(notATag.status).toBe(400);
  });

  it('answers 404 for a well-formed id that does not exist, on every verb', async () => {
    const missing = '01JD3ZP5Q9W8X7V6T5S4R3Q2P1';

    const statuses = await Promise.all([
      api(tenant, 'GET', `/v1/projects/${missing}`),
      api(tenant, 'PATCH', `/v1/projects/${missing}`, {
        body: { name: 'x' },
        headers: { 'if-match': '"1"' },
      }),
      api(tenant, 'DELETE', `/v1/projects/${missing}`, { headers: { 'if-match': '"1"' } }),
    ]);

    expect(statuses.map((response) => response.status)).toEqual([404, 404, 404]);
  });
});

describe('project input validation', () => {
  let tenant: SignedUpTenant;
  beforeAll(async () => {
    tenant = await signUpAndLogin(gateway.baseUrl, 'Validation Co');
  });

  it.each([
    ['a missing name', {}],
    ['a number as name', { name: 1 }],
    ['an empty name', { name: '  ' }],
    ['a name over 120 characters', { name: 'n'.repeat(121) }],
    ['a description over 2000 characters', { name: 'a', description: 'd'.repeat(2001) }],
    ['an invalid tag', { name: 'a', tags: ['Not OK'] }],
    ['duplicate tags', { name: 'a', tags: ['x', 'x'] }],
    ['21 tags', { name: 'a', tags: Array.from({ length: 21 }, (_, index) => `t${index}`) }],
    ['a status on create', { name: 'a', status: 'archived' }],
    ['an unknown field', { name: 'a', owner: 'someone-else' }],
  ])('refuses %s on create with 400', async (_case, body) => {
    const response = await api<{ error: { code: string; details: unknown[] } }>(
      tenant,
      'POST',
      '/v1/projects',
      { body },
    );

    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.length).toBeGreaterThan(0);
  });

  it.each([
    ['an empty change', {}],
    ['an unknown status', { status: 'deleted' }],
    ['an unknown field', { version: 99 }],
  ])('refuses %s on update with 400', async (_case, body) => {
    const { body: project } = await api(tenant, 'POST', '/v1/projects', { body: { name: 'p' } });

    const response = await api(tenant, 'PATCH', `/v1/projects/${project.id}`, {
      body,
      headers: { 'if-match': '"1"' },
    });

    expect(response.status).toBe(400);
  });

  it.each(['not-a-ulid', 'T%23x', '01JD3ZP5Q9W8X7V6T5S4R3Q2P1EXTRA', `${'0'.repeat(25)}U`])(
    'refuses the bad id %s with 400 before any database call',
    async (id) => {
      const response = await api(tenant, 'GET', `/v1/projects/${id}`);

      expect(response.status).toBe(400);
    },
  );

  it.each([
    'limit=0',
    'limit=101',
    'limit=abc',
    'limit=1.5',
    'status=deleted',
    'cursor=',
    'sort=name',
  ])('refuses the list query %s with 400', async (query) => {
    const response = await api(tenant, 'GET', `/v1/projects?${query}`);

    expect(response.status).toBe(400);
  });
});

describe('listing', () => {
  let tenant: SignedUpTenant;
  const created: ProjectView[] = [];
  beforeAll(async () => {
    tenant = await signUpAndLogin(gateway.baseUrl, 'List Co');
    for (const name of ['one', 'two', 'three']) {
      created.push((await api(tenant, 'POST', '/v1/projects', { body: { name } })).body);
    }
    await api(tenant, 'PATCH', `/v1/projects/${created[1]?.id}`, {
      body: { status: 'archived' },
      headers: { 'if-match': '"1"' },
    });
  });

  it('pages newest first with an opaque cursor until nextCursor is null', async () => {
    const first = await api<Page>(tenant, 'GET', '/v1/projects?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items.map((project) => project.name)).toEqual(['three', 'two']);
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const second = await api<Page>(
      tenant,
      'GET',
      `/v1/projects?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items.map((project) => project.name)).toEqual(['one']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('filters by status', async () => {
    const archived = await api<Page>(tenant, 'GET', '/v1/projects?status=archived');
    const active = await api<Page>(tenant, 'GET', '/v1/projects?status=active');

    expect(archived.body.items.map((project) => project.name)).toEqual(['two']);
    expect(active.body.items.map((project) => project.name)).toEqual(['three', 'one']);
  });

  it('refuses a tampered cursor, or one from another listing, with 400', async () => {
    const { body } = await api<Page>(tenant, 'GET', '/v1/projects?limit=1');
    const cursor = body.nextCursor ?? '';
    const flipped = `${cursor.slice(0, 10)}${cursor[10] === 'A' ? 'B' : 'A'}${cursor.slice(11)}`;

    const tampered = await api(tenant, 'GET', `/v1/projects?limit=1&cursor=${flipped}`);
    const otherFilter = await api(
      tenant,
      'GET',
      `/v1/projects?limit=1&status=active&cursor=${cursor}`,
    );

    expect(tampered.status).toBe(400);
    expect(otherFilter.status).toBe(400);
  });

  it('refuses prototype-named query parameters as unknown with 400, never a 500', async () => {
    // Found by `npm run fuzz`: the local gateway once built the query map on a plain object.
    const responses = await Promise.all(
      ['__proto__=x', 'constructor=x', 'limit=5&__proto__=x&__proto__=y'].map((query) =>
        api<ErrorResponseBody>(tenant, 'GET', `/v1/projects?${query}`),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400]);
    for (const { body } of responses) expect(body.error.code).toBe('validation_failed');
  });
});

describe('idempotent creates', () => {
  let tenant: SignedUpTenant;
  beforeAll(async () => {
    tenant = await signUpAndLogin(gateway.baseUrl, 'Retry Co');
  });

  it('returns the first response to a retry with the same key and body, creating one project', async () => {
    const key = randomUUID();
    const first = await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'Once', tags: ['a', 'b'] },
      headers: { 'idempotency-key': key },
    });
    // Same body, other key order and whitespace.
    const retry = await api(tenant, 'POST', '/v1/projects', {
      rawBody: '{ "tags": ["a","b"],  "name": "Once" }',
      headers: { 'idempotency-key': key, 'content-type': 'application/json' },
    });

    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const list = await api<Page>(tenant, 'GET', '/v1/projects?limit=100');
    expect(list.body.items.filter((project) => project.name === 'Once')).toHaveLength(1);
  });

  it('creates one project for concurrent retries with one key', async () => {
    const key = randomUUID();

    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        api(tenant, 'POST', '/v1/projects', {
          body: { name: 'Concurrent' },
          headers: { 'idempotency-key': key },
        }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
  });

  it('refuses the same key with a different body with 422', async () => {
    const key = randomUUID();
    await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'Original' },
      headers: { 'idempotency-key': key },
    });

    const reused = await api<ErrorResponseBody>(tenant, 'POST', '/v1/projects', {
      body: { name: 'Different' },
      headers: { 'idempotency-key': key },
    });

    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_mismatch');
  });

  it('scopes keys per tenant: another tenant may use the same key', async () => {
    const other = await signUpAndLogin(gateway.baseUrl, 'Other Retry Co');
    const key = randomUUID();
    const mine = await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'Mine' },
      headers: { 'idempotency-key': key },
    });

    const theirs = await api(other, 'POST', '/v1/projects', {
      body: { name: 'Theirs' },
      headers: { 'idempotency-key': key },
    });

    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);
  });

  it('refuses a malformed key with 400', async () => {
    const response = await api(tenant, 'POST', '/v1/projects', {
      body: { name: 'x' },
      headers: { 'idempotency-key': 'has space' },
    });

    expect(response.status).toBe(400);
  });
});

describe('plan limits', () => {
  it(`refuses the project over the free plan's ${plans.free.maxProjects} with 402, exactly, under concurrency`, async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Busy Free Co');
    const attempts = plans.free.maxProjects + 4;

    const responses = await Promise.all(
      Array.from({ length: attempts }, (_, index) =>
        api(tenant, 'POST', '/v1/projects', { body: { name: `p${index}` } }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(plans.free.maxProjects);
    expect(statuses.filter((status) => status === 402)).toHaveLength(4);
    const refused = responses.find((response) => response.status === 402);
    expect(refused?.body).toMatchObject({
      error: {
        code: 'plan_limit_reached',
        details: { limit: 'maxProjects', max: plans.free.maxProjects, plan: 'free' },
      },
    });
    const list = await api<Page>(tenant, 'GET', '/v1/projects?limit=100');
    expect(list.body.items).toHaveLength(plans.free.maxProjects);
  });

  it('frees a slot when a project is deleted', async () => {
    const tenant = await signUpAndLogin(gateway.baseUrl, 'Full Co');
    const projects: ProjectView[] = [];
    for (let index = 0; index < plans.free.maxProjects; index++) {
      projects.push(
        (await api(tenant, 'POST', '/v1/projects', { body: { name: `p${index}` } })).body,
      );
    }
    expect((await api(tenant, 'POST', '/v1/projects', { body: { name: 'over' } })).status).toBe(
      402,
    );

    await api(tenant, 'DELETE', `/v1/projects/${projects[0]?.id}`, {
      headers: { 'if-match': '"1"' },
    });

    expect(
      (await api(tenant, 'POST', '/v1/projects', { body: { name: 'fits again' } })).status,
    ).toBe(201);
  });
});

describe('tenant isolation of projects', () => {
  it('never shows, changes or deletes another tenant’s project, and never confirms it exists', async () => {
    const [owner, intruder] = await Promise.all([
      signUpAndLogin(gateway.baseUrl, 'Owner Co'),
      signUpAndLogin(gateway.baseUrl, 'Intruder Co'),
    ]);
    const { body: project } = await api(owner, 'POST', '/v1/projects', {
      body: { name: 'Secret plan' },
    });
    const cursorPage = await api<Page>(owner, 'GET', '/v1/projects?limit=1');
    await api(owner, 'POST', '/v1/projects', { body: { name: 'Second secret' } });
    const ownersCursor = (await api<Page>(owner, 'GET', '/v1/projects?limit=1')).body.nextCursor;

    const attempts = await Promise.all([
      api(intruder, 'GET', `/v1/projects/${project.id}`),
      api(intruder, 'PATCH', `/v1/projects/${project.id}`, {
        body: { name: 'pwned' },
        headers: { 'if-match': '"1"' },
      }),
      api(intruder, 'DELETE', `/v1/projects/${project.id}`, { headers: { 'if-match': '"1"' } }),
    ]);
    const list = await api<Page>(intruder, 'GET', '/v1/projects');
    const stolenCursor = await api(intruder, 'GET', `/v1/projects?limit=1&cursor=${ownersCursor}`);

    expect(attempts.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(list.body.items).toEqual([]);
    expect(stolenCursor.status).toBe(400);
    expect(cursorPage.status).toBe(200);
    expect((await api(owner, 'GET', `/v1/projects/${project.id}`)).body.name).toBe('Secret plan');
  });
});
