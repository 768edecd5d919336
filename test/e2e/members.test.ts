/**
 * Members, roles, ownership, the tenant's settings and the audit trail over HTTP: who may do what
 * to whom, optimistic concurrency, and a removed member losing access.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ErrorResponseBody,
  request,
  startTestGateway,
  type TestGateway,
} from '../support/gateway.ts';
import { addMember, memberEtag, setPlan, type TestMember } from '../support/members.ts';
import { type SignedUpTenant, signUpAndLogin, validPassword } from '../support/tenants.ts';

interface MemberBody {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly status: string;
}

interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

interface AuditBody {
  readonly id: string;
  readonly occurredAt: string;
  readonly actor: { id: string };
  readonly action: string;
  readonly target: { type: string; id: string };
  readonly requestId: string;
  readonly sourceIp: string;
  readonly details: Record<string, unknown>;
}

let gateway: TestGateway;
beforeAll(async () => {
  gateway = await startTestGateway();
});
afterAll(() => gateway.close());

const api = <T = MemberBody>(
  as: SignedUpTenant,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: as.idToken, ...options });

/** A pro tenant (room for a team) with an owner, an admin, a member and a viewer. */
async function team(name: string): Promise<{
  owner: TestMember;
  admin: TestMember;
  member: TestMember;
  viewer: TestMember;
}> {
  const signedUp = await signUpAndLogin(gateway.baseUrl, name);
  await setPlan(signedUp.tenantId, 'pro');
  const owner = { ...signedUp, role: 'owner' as const };
  const [admin, member, viewer] = await Promise.all(
    (['admin', 'member', 'viewer'] as const).map((role) => addMember(gateway.baseUrl, owner, role)),
  );
  if (!admin || !member || !viewer) throw new Error('team incomplete');
  return { owner, admin, member, viewer };
}

describe('listing and reading members', () => {
  it('pages through every member with an opaque cursor, and reads one with its ETag', async () => {
    // Prepare
    const { owner, admin, member, viewer } = await team('Listing Co');

    // Act
    const first = await api<Page<MemberBody>>(viewer, 'GET', '/v1/members?limit=3');
    const second = await api<Page<MemberBody>>(
      viewer,
      'GET',
      `/v1/members?limit=3&cursor=${first.body.nextCursor}`,
    );
    const one = await api(viewer, 'GET', `/v1/members/${admin.userId}`);

    // Assess
    expect(first.body.items).toHaveLength(3);
    expect(second.body.nextCursor).toBeNull();
    const everyone = [...first.body.items, ...second.body.items];
    expect(everyone.map((user) => user.id).sort()).toEqual(
      [owner, admin, member, viewer].map((user) => user.userId).sort(),
    );
    expect(everyone.find((user) => user.id === owner.userId)?.role).toBe('owner');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: admin.userId, email: admin.email, role: 'admin' });
    expect(one.headers.get('etag')).toBe('"1"');
  });

  it.each(['not-a-uuid', '01JD3ZP5Q9W8X7V6T5S4R3Q2P1', 'USER%23x'])(
    'refuses the malformed user id %s with 400 before any database call',
    async (id) => {
      const owner = await signUpAndLogin(gateway.baseUrl, 'Bad Ids Co');

      const response = await api(owner, 'GET', `/v1/members/${id}`);

      expect(response.status).toBe(400);
    },
  );

  it('answers 404 for a well-formed id that is nobody here', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Nobody Co');

    const response = await api(owner, 'GET', `/v1/members/${randomUUID()}`);

    expect(response.status).toBe(404);
  });
});

describe('changing roles', () => {
  let crew: Awaited<ReturnType<typeof team>>;
  beforeAll(async () => {
    crew = await team('Roles Co');
  });

  it('lets an admin promote a member to admin; the new role applies on the next request', async () => {
    // Prepare
    const etag = await memberEtag(gateway.baseUrl, crew.admin, crew.member.userId);
    expect((await api(crew.member, 'GET', '/v1/audit')).status).toBe(403);

    // Act
    const response = await api(crew.admin, 'PATCH', `/v1/members/${crew.member.userId}`, {
      body: { role: 'admin' },
      headers: { 'if-match': etag },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.role).toBe('admin');
    expect(response.headers.get('etag')).toBe('"2"');
    // The authorizer reads the member item, so the very same token now carries the new role.
    expect((await api(crew.member, 'GET', '/v1/audit')).status).toBe(200);
    const audit = await api<Page<AuditBody>>(
      crew.owner,
      'GET',
      '/v1/audit?action=member.role_changed',
    );
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: crew.admin.userId },
      target: { type: 'user', id: crew.member.userId },
      details: { from: 'member', to: 'admin' },
    });
  });

  it('refuses the owner role in a role change with 400: ownership moves only by transfer', async () => {
    const etag = await memberEtag(gateway.baseUrl, crew.owner, crew.viewer.userId);

    const response = await api(crew.owner, 'PATCH', `/v1/members/${crew.viewer.userId}`, {
      body: { role: 'owner' },
      headers: { 'if-match': etag },
    });

    expect(response.status).toBe(400);
  });

  it('never lets an admin change the owner (403), nor the owner demote themselves (409)', async () => {
    const etag = await memberEtag(gateway.baseUrl, crew.owner, crew.owner.userId);

    const byAdmin = await api<ErrorResponseBody>(
      crew.admin,
      'PATCH',
      `/v1/members/${crew.owner.userId}`,
      { body: { role: 'viewer' }, headers: { 'if-match': etag } },
    );
    const bySelf = await api<ErrorResponseBody>(
      crew.owner,
      'PATCH',
      `/v1/members/${crew.owner.userId}`,
      { body: { role: 'admin' }, headers: { 'if-match': etag } },
    );

    expect(byAdmin.status).toBe(403);
    expect(bySelf.status).toBe(409);
    expect((await api(crew.owner, 'GET', `/v1/members/${crew.owner.userId}`)).body.role).toBe(
      'owner',
    );
  });

  it('requires If-Match (428) and refuses a stale one (412) without writing', async () => {
    const missing = await api(crew.admin, 'PATCH', `/v1/members/${crew.viewer.userId}`, {
      body: { role: 'member' },
    });
    const stale = await api(crew.admin, 'PATCH', `/v1/members/${crew.viewer.userId}`, {
      body: { role: 'member' },
      headers: { 'if-match': '"7"' },
    });

    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { details: { currentVersion: 1 } } });
    expect((await api(crew.admin, 'GET', `/v1/members/${crew.viewer.userId}`)).body.role).toBe(
      'viewer',
    );
  });
});

describe('removing members', () => {
  it('removes a member: their token, login and refresh stop working and their seat is free', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Removal Co');
    const leaver = await addMember(gateway.baseUrl, owner, 'member');
    const etag = await memberEtag(gateway.baseUrl, owner, leaver.userId);
    expect((await api(leaver, 'GET', '/v1/me')).status).toBe(200);

    // Act
    const removed = await api(owner, 'DELETE', `/v1/members/${leaver.userId}`, {
      headers: { 'if-match': etag },
    });

    // Assess
    expect(removed.status).toBe(204);
    expect((await api(leaver, 'GET', '/v1/me')).status).toBe(401);
    expect((await api(owner, 'GET', `/v1/members/${leaver.userId}`)).status).toBe(404);
    const login = await request(gateway.baseUrl, 'POST', '/v1/auth/login', {
      body: { email: leaver.email, password: validPassword },
    });
    expect(login.status).toBe(401);
    const refresh = await request(gateway.baseUrl, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: leaver.refreshToken },
    });
    expect(refresh.status).toBe(401);
    // Free plan: 3 seats. Owner + 2 more fit again now that the leaver is gone.
    await addMember(gateway.baseUrl, owner, 'viewer');
    await addMember(gateway.baseUrl, owner, 'viewer');
    const audit = await api<Page<AuditBody>>(owner, 'GET', '/v1/audit?action=member.removed');
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: owner.userId },
      target: { id: leaver.userId },
      details: { email: leaver.email, role: 'member' },
    });
  });

  it('never removes the owner: 403 for an admin, 409 for the owner themselves', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Keep Owner Co');
    const admin = await addMember(gateway.baseUrl, owner, 'admin');
    const etag = await memberEtag(gateway.baseUrl, owner, owner.userId);

    const byAdmin = await api(admin, 'DELETE', `/v1/members/${owner.userId}`, {
      headers: { 'if-match': etag },
    });
    const bySelf = await api(owner, 'DELETE', `/v1/members/${owner.userId}`, {
      headers: { 'if-match': etag },
    });

    expect(byAdmin.status).toBe(403);
    expect(bySelf.status).toBe(409);
    expect((await api(owner, 'GET', '/v1/me')).status).toBe(200);
  });

  it('refuses a removed member’s token at once: the removal flushes the authorizer cache', async () => {
    // Prepare: a gateway whose authorizer caches results for 60 s, as on AWS.
    const cached = await startTestGateway(60);
    try {
      const owner = await signUpAndLogin(cached.baseUrl, 'Cache Co');
      const leaver = await addMember(cached.baseUrl, owner, 'viewer');
      // GET /v1/tenant does not read the caller's own member item, so only the authorizer decides.
      const me = () => request(cached.baseUrl, 'GET', '/v1/tenant', { token: leaver.idToken });
      expect((await me()).status).toBe(200);
      const etag = await memberEtag(cached.baseUrl, owner, leaver.userId);

      // Act
      await request(cached.baseUrl, 'DELETE', `/v1/members/${leaver.userId}`, {
        token: owner.idToken,
        headers: { 'if-match': etag },
      });
      const next = await me();

      // Assess
      expect(next.status).toBe(401);
    } finally {
      await cached.close();
    }
  });
});

describe('transferring ownership', () => {
  it('makes the member the owner and the old owner an admin, in one step', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Heir Co');
    const heir = await addMember(gateway.baseUrl, owner, 'member');

    // Act
    const response = await api<{ owner: MemberBody; previousOwner: MemberBody }>(
      owner,
      'POST',
      '/v1/tenant/transfer-ownership',
      { body: { userId: heir.userId } },
    );

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.owner).toMatchObject({ id: heir.userId, role: 'owner' });
    expect(response.body.previousOwner).toMatchObject({ id: owner.userId, role: 'admin' });
    expect(
      (
        await api(owner, 'POST', '/v1/tenant/transfer-ownership', {
          body: { userId: heir.userId },
        })
      ).status,
    ).toBe(403);
    const audit = await api<Page<AuditBody>>(
      heir,
      'GET',
      '/v1/audit?action=tenant.ownership_transferred',
    );
    expect(audit.body.items[0]).toMatchObject({
      actor: { id: owner.userId },
      details: { from: owner.userId, to: heir.userId },
    });
  });

  it('refuses a transfer to yourself (409) and to a stranger (404)', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Self Co');

    const toSelf = await api(owner, 'POST', '/v1/tenant/transfer-ownership', {
      body: { userId: owner.userId },
    });
    const toNobody = await api(owner, 'POST', '/v1/tenant/transfer-ownership', {
      body: { userId: randomUUID() },
    });

    expect(toSelf.status).toBe(409);
    expect(toNobody.status).toBe(404);
  });
});

describe("the tenant's settings", () => {
  it('renames the tenant with If-Match; a stale ETag is a 412 and changes nothing', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Old Name');
    const read = await api<{ name: string }>(owner, 'GET', '/v1/tenant');
    expect(read.headers.get('etag')).toBe('"1"');

    // Act
    const renamed = await api<{ name: string }>(owner, 'PATCH', '/v1/tenant', {
      body: { name: '  New Name ' },
      headers: { 'if-match': '"1"' },
    });
    const stale = await api(owner, 'PATCH', '/v1/tenant', {
      body: { name: 'Lost Update' },
      headers: { 'if-match': '"1"' },
    });

    // Assess
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('New Name');
    expect(renamed.headers.get('etag')).toBe('"2"');
    expect(stale.status).toBe(412);
    expect((await api<{ name: string }>(owner, 'GET', '/v1/tenant')).body.name).toBe('New Name');
    expect((await api<{ tenant: { name: string } }>(owner, 'GET', '/v1/me')).body.tenant.name).toBe(
      'New Name',
    );
  });
});

describe('the audit trail', () => {
  it('lists what happened newest first, with actor, target, time, request id and source IP', async () => {
    // Prepare
    const owner = await signUpAndLogin(gateway.baseUrl, 'Audited Co');
    const renamed = await api(owner, 'PATCH', '/v1/tenant', {
      body: { name: 'Audited Corp' },
      headers: { 'if-match': '"1"' },
    });

    // Act
    const response = await api<Page<AuditBody>>(owner, 'GET', '/v1/audit');

    // Assess
    expect(response.status).toBe(200);
    expect(response.body.items.map((event) => event.action)).toEqual([
      'tenant.updated',
      'auth.login',
      'tenant.created',
    ]);
    expect(response.body.items[0]).toMatchObject({
      actor: { id: owner.userId },
      target: { type: 'tenant', id: owner.tenantId },
      requestId: renamed.headers.get('x-request-id'),
      sourceIp: '127.0.0.1',
    });
    expect(Date.parse(response.body.items[0]?.occurredAt ?? '')).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });

  it('filters by action with full pages and a cursor bound to the filter', async () => {
    // Prepare: five projects and a rename between them
    const owner = await signUpAndLogin(gateway.baseUrl, 'Filter Co');
    await setPlan(owner.tenantId, 'pro');
    for (const name of ['a', 'b', 'c']) {
      await api(owner, 'POST', '/v1/projects', { body: { name } });
    }
    await api(owner, 'PATCH', '/v1/tenant', {
      body: { name: 'Filter Corp' },
      headers: { 'if-match': '"1"' },
    });
    for (const name of ['d', 'e']) {
      await api(owner, 'POST', '/v1/projects', { body: { name } });
    }

    // Act
    const first = await api<Page<AuditBody>>(
      owner,
      'GET',
      '/v1/audit?action=project.created&limit=2',
    );
    const second = await api<Page<AuditBody>>(
      owner,
      'GET',
      `/v1/audit?action=project.created&limit=2&cursor=${first.body.nextCursor}`,
    );
    const crossed = await api(owner, 'GET', `/v1/audit?limit=2&cursor=${first.body.nextCursor}`);

    // Assess
    expect(first.body.items).toHaveLength(2);
    expect(second.body.items).toHaveLength(2);
    expect(
      [...first.body.items, ...second.body.items].every((e) => e.action === 'project.created'),
    ).toBe(true);
    const times = [...first.body.items, ...second.body.items].map((event) => event.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(crossed.status).toBe(400);
  });

  it.each(['action=DROP TABLE', 'action=project', 'action=', 'limit=0'])(
    'refuses the query %s with 400',
    async (query) => {
      const owner = await signUpAndLogin(gateway.baseUrl, 'Query Co');

      expect((await api(owner, 'GET', `/v1/audit?${query}`)).status).toBe(400);
    },
  );

  it('has no route that edits or deletes an event', async () => {
    const owner = await signUpAndLogin(gateway.baseUrl, 'Immutable Co');
    const [event] = (await api<Page<AuditBody>>(owner, 'GET', '/v1/audit')).body.items;

    const attempts = await Promise.all(
      ['DELETE', 'PATCH', 'PUT', 'POST'].map((method) =>
        api(owner, method, `/v1/audit/${event?.id}`, { body: {} }),
      ),
    );
    const wholeTrail = await api(owner, 'DELETE', '/v1/audit');

    expect(attempts.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect(wholeTrail.status).toBe(404);
  });
});
