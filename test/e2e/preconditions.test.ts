/**
 * HTTP preconditions over HTTP, per RFC 9110, on every route with versions: `If-Match: *`, entity
 * tags that can match nothing (412, never 400 or 500), and `If-None-Match` on reads (304).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectView } from '#shared/projects/resource.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { type SignedUpTenant, signUpAndLogin } from '../support/tenants.ts';

let gateway: TestGateway;
let tenant: SignedUpTenant;
let other: SignedUpTenant;
beforeAll(async () => {
  gateway = await startTestGateway();
  [tenant, other] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Preconditions Co'),
    signUpAndLogin(gateway.baseUrl, 'Other Preconditions Co'),
  ]);
});
afterAll(() => gateway.close());

const api = <T = ProjectView>(
  caller: SignedUpTenant,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: caller.idToken, ...options });

/** A project in a tenant of its own: the free plan allows three projects per tenant. */
async function newProject(name: string): Promise<{ owner: SignedUpTenant; project: ProjectView }> {
  const owner = await signUpAndLogin(gateway.baseUrl, `${name} Co`);
  const created = await api(owner, 'POST', '/v1/projects', { body: { name } });
  expect(created.status).toBe(201);
  return { owner, project: created.body };
}

/** Tags that are valid syntax but name no version of ours: each must be a 412 and write nothing. */
const unmatchableTags = [
  '"9007199254740993"',
  '"99999999999999999999"',
  '"abc"',
  'W/"1"',
  '"0"',
  '"01"',
  '""',
];

describe('If-Match with a tag that can match nothing', () => {
  it.each(unmatchableTags)(
    'answers 412 to %s on PATCH and DELETE of a project, writing nothing',
    async (tag) => {
      // Prepare
      const { owner, project } = await newProject('Untouchable');

      // Act
      const patch = await api(owner, 'PATCH', `/v1/projects/${project.id}`, {
        body: { name: 'Changed' },
        headers: { 'if-match': tag },
      });
      const remove = await api(owner, 'DELETE', `/v1/projects/${project.id}`, {
        headers: { 'if-match': tag },
      });

      // Assess
      expect([patch.status, remove.status]).toEqual([412, 412]);
      expect(patch.body).toMatchObject({ error: { code: 'precondition_failed' } });
      const read = await api(owner, 'GET', `/v1/projects/${project.id}`);
      expect(read.body).toMatchObject({ name: 'Untouchable', version: 1 });
    },
  );

  it('answers 412 to an over-large tag on PATCH /v1/tenant and PATCH and DELETE of a user', async () => {
    const tag = { 'if-match': '"9007199254740993"' };

    const responses = await Promise.all([
      api(tenant, 'PATCH', '/v1/tenant', { body: { name: 'Renamed' }, headers: tag }),
      api(tenant, 'PATCH', `/v1/members/${tenant.userId}`, {
        body: { role: 'admin' },
        headers: tag,
      }),
      api(tenant, 'DELETE', `/v1/members/${tenant.userId}`, { headers: tag }),
    ]);

    // The owner cannot be changed at all (403 comes first); the tenant rename is the 412.
    expect(responses[0]?.status).toBe(412);
    for (const response of responses) expect(response.status).toBeLessThan(500);
    const read = await api<{ name: string }>(tenant, 'GET', '/v1/tenant');
    expect(read.body.name).toBe('Preconditions Co');
  });

  it('uses the one version a list names, and ignores the tags that cannot match', async () => {
    const { owner, project } = await newProject('Listed');

    const patch = await api(owner, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Listed again' },
      headers: { 'if-match': 'W/"7", "abc", "1"' },
    });

    expect(patch.status).toBe(200);
    expect(patch.headers.get('etag')).toBe('"2"');
  });

  it('refuses a header that is not entity-tag syntax with 400', async () => {
    const { owner, project } = await newProject('Syntax');

    const responses = await Promise.all(
      ['1', '"1', '"1" "2"', 'W/1', '*, "1"'].map((value) =>
        api(owner, 'DELETE', `/v1/projects/${project.id}`, { headers: { 'if-match': value } }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400, 400]);
  });
});

describe('If-Match: *', () => {
  it('updates and deletes whatever version is current', async () => {
    const { owner, project } = await newProject('Any version');
    await api(owner, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Second' },
      headers: { 'if-match': '"1"' },
    });

    const patch = await api(owner, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Third' },
      headers: { 'if-match': '*' },
    });
    const remove = await api(owner, 'DELETE', `/v1/projects/${project.id}`, {
      headers: { 'if-match': '*' },
    });

    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({ name: 'Third', version: 3 });
    expect(patch.headers.get('etag')).toBe('"3"');
    expect(remove.status).toBe(204);
    expect((await api(owner, 'GET', `/v1/projects/${project.id}`)).status).toBe(404);
  });

  it("answers 404 for another tenant's project and leaves it as it was", async () => {
    const { owner, project } = await newProject('Not theirs');

    const patch = await api(other, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Stolen' },
      headers: { 'if-match': '*' },
    });
    const remove = await api(other, 'DELETE', `/v1/projects/${project.id}`, {
      headers: { 'if-match': '*' },
    });

    expect([patch.status, remove.status]).toEqual([404, 404]);
    const read = await api(owner, 'GET', `/v1/projects/${project.id}`);
    expect(read.body).toMatchObject({ name: 'Not theirs', version: 1 });
  });

  it('renames the tenant from any current version', async () => {
    const before = await api<{ name: string }>(other, 'GET', '/v1/tenant');

    const patch = await api<{ name: string }>(other, 'PATCH', '/v1/tenant', {
      body: { name: 'Renamed by star' },
      headers: { 'if-match': '*' },
    });

    expect(patch.status).toBe(200);
    expect(patch.body.name).toBe('Renamed by star');
    const version = Number(before.headers.get('etag')?.replaceAll('"', ''));
    expect(patch.headers.get('etag')).toBe(`"${version + 1}"`);
  });
});

describe('If-None-Match on reads', () => {
  it('answers 304 with the ETag and no body when the client holds the current version', async () => {
    const { owner, project } = await newProject('Cached');

    const responses = await Promise.all(
      ['"1"', 'W/"1"', '"9", "1"', '*'].map((value) =>
        fetch(`${gateway.baseUrl}/v1/projects/${project.id}`, {
          headers: { authorization: `Bearer ${owner.idToken}`, 'if-none-match': value },
        }),
      ),
    );

    for (const response of responses) {
      expect(response.status).toBe(304);
      expect(response.headers.get('etag')).toBe('"1"');
      expect(response.headers.get('x-request-id')).toBeTruthy();
      expect(await response.text()).toBe('');
    }
  });

  it('answers 200 with the body once the version has moved on', async () => {
    const { owner, project } = await newProject('Moved on');
    await api(owner, 'PATCH', `/v1/projects/${project.id}`, {
      body: { name: 'Moved' },
      headers: { 'if-match': '"1"' },
    });

    const read = await api(owner, 'GET', `/v1/projects/${project.id}`, {
      headers: { 'if-none-match': '"1"' },
    });

    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Moved', version: 2 });
  });

  it('answers 304 on the tenant and user reads too', async () => {
    const tenantRead = await api(tenant, 'GET', '/v1/tenant');
    const userRead = await api(tenant, 'GET', `/v1/members/${tenant.userId}`);

    const [tenantAgain, userAgain] = await Promise.all([
      api(tenant, 'GET', '/v1/tenant', {
        headers: { 'if-none-match': tenantRead.headers.get('etag') ?? '' },
      }),
      api(tenant, 'GET', `/v1/members/${tenant.userId}`, {
        headers: { 'if-none-match': userRead.headers.get('etag') ?? '' },
      }),
    ]);

    expect([tenantAgain.status, userAgain.status]).toEqual([304, 304]);
  });

  it("answers 404, not 304, for another tenant's project", async () => {
    const { project } = await newProject('Hidden');

    const read = await api(other, 'GET', `/v1/projects/${project.id}`, {
      headers: { 'if-none-match': '*' },
    });

    expect(read.status).toBe(404);
  });
});
