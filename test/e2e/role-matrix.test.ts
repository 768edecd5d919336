/**
 * The roles table as a matrix: every route of shared/api/routes.ts, called as every role, answers what
 * shared/auth/permissions.ts says. Roles below a route's permission get 403 before anything runs;
 * roles that hold it get the route's real answer. A route added to the table is checked here
 * without touching this file (with a generic probe until it gets an exact one below).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RouteId, routes } from '#shared/api/routes.ts';
import { holds } from '#shared/auth/permissions.ts';
import { type Role, roleAtLeast, roles } from '#shared/auth/roles.ts';
import type { RouteDefinition, TenantRoute } from '#shared/http/route.ts';
import { request, startTestGateway, type TestGateway } from '../support/gateway.ts';
import { addMember, setPlan, type TestMember } from '../support/members.ts';
import { signUpAndLogin, uniqueEmail, validPassword } from '../support/tenants.ts';

interface Fixtures {
  readonly members: Readonly<Record<Role, TestMember>>;
  readonly projectId: string;
}

interface Probe {
  readonly params?: (fixtures: Fixtures) => Record<string, string>;
  readonly body?: (fixtures: Fixtures) => unknown;
  readonly headers?: Record<string, string>;
  /** The status a caller allowed to use the route gets for this (harmless) request. */
  readonly expect: number;
  /** Runs after every other route (sign-out ends the caller's sessions). */
  readonly last?: boolean;
}

const staleEtag = { 'if-match': '"999"' };
const absentUlid = '01JD3ZP5Q9W8X7V6T5S4R3Q2P1';
const viewerId = (f: Fixtures) => ({ userId: f.members.viewer.userId });

/** Requests that reach each route's real logic without changing anything another case relies on. */
const probes: Partial<Record<RouteId, Probe>> = {
  health: { expect: 200 },
  openApi: { expect: 200 },
  createTenant: {
    body: () => ({ tenantName: 'Matrix', email: uniqueEmail(), password: validPassword }),
    expect: 201,
  },
  login: {
    body: (f) => ({ email: f.members.owner.email, password: validPassword }),
    expect: 200,
  },
  refresh: { body: (f) => ({ refreshToken: f.members.owner.refreshToken }), expect: 200 },
  acceptInvitation: {
    body: () => ({ token: 'x'.repeat(43), password: validPassword }),
    expect: 410,
  },
  // Not a session of the caller: 404, nothing revoked (test/e2e/sessions.test.ts signs out for real).
  logout: { body: () => ({ refreshToken: 'not-a-live-token' }), expect: 404, last: true },
  getMe: { expect: 200 },
  createProject: { body: () => ({ name: 'Matrix' }), expect: 201 },
  listProjects: { expect: 200 },
  getProject: { params: (f) => ({ id: f.projectId }), expect: 200 },
  updateProject: {
    params: (f) => ({ id: f.projectId }),
    body: () => ({ name: 'x' }),
    headers: staleEtag,
    expect: 412,
  },
  deleteProject: { params: (f) => ({ id: f.projectId }), headers: staleEtag, expect: 412 },
  listMembers: { expect: 200 },
  getMember: { params: viewerId, expect: 200 },
  updateMember: {
    params: viewerId,
    body: () => ({ role: 'viewer' }),
    headers: staleEtag,
    expect: 412,
  },
  removeMember: { params: viewerId, headers: staleEtag, expect: 412 },
  transferOwnership: { body: () => ({ userId: randomUUID() }), expect: 404 },
  getTenant: { expect: 200 },
  updateTenant: { body: () => ({ name: 'Matrix Co' }), headers: staleEtag, expect: 412 },
  createInvitation: {
    body: () => ({ email: uniqueEmail('invitee'), role: 'viewer' }),
    expect: 201,
  },
  listInvitations: { expect: 200 },
  deleteInvitation: { params: () => ({ id: absentUlid }), expect: 404 },
  listAudit: { expect: 200 },
  createExport: { expect: 202 },
  listJobs: { expect: 200 },
  getJob: { params: () => ({ id: absentUlid }), expect: 404 },
  downloadJobResult: { params: () => ({ id: absentUlid }), expect: 404 },
};

/** For a route without an exact probe: plausible ids, no body; anything but 401/403 shows it let the role in. */
function genericParams(route: RouteDefinition): Record<string, string> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  return Object.fromEntries(
    names.map((name) => [name, /user/i.test(name) ? randomUUID() : absentUlid]),
  );
}

function pathOf(route: RouteDefinition, params: Record<string, string>): string {
  return route.path.replace(/\{(\w+)\}/g, (_match, name: string) => params[name] ?? 'x');
}

function allowed(route: TenantRoute, role: Role): boolean {
  return route.permission !== undefined
    ? holds(role, route.permission)
    : roleAtLeast(role, route.minRole);
}

const entries = (Object.entries(routes) as [RouteId, RouteDefinition][]).sort(
  ([a], [b]) => Number(probes[a]?.last ?? false) - Number(probes[b]?.last ?? false),
);
const label = (route: RouteDefinition): string => `${route.method} ${route.path}`;
const tenantCases = entries.flatMap(([id, route]) =>
  route.auth === 'tenant'
    ? roles.map((role) => ({
        id,
        route,
        role,
        name: `${label(route)} as ${role} → ${allowed(route, role) ? (probes[id]?.expect ?? 'let in') : 403}`,
      }))
    : [],
);
const publicCases = entries.flatMap(([id, route]) =>
  route.auth === 'public'
    ? [{ id, route, name: `${label(route)} → ${probes[id]?.expect ?? 'not 401/403'}` }]
    : [],
);

let gateway: TestGateway;
let fixtures: Fixtures;

beforeAll(async () => {
  gateway = await startTestGateway();
  const owner = await signUpAndLogin(gateway.baseUrl, 'Matrix Co');
  // Owner, admin, member and viewer are four seats; the free plan has three.
  await setPlan(owner.tenantId, 'pro');
  const [admin, member, viewer] = await Promise.all(
    (['admin', 'member', 'viewer'] as const).map((role) => addMember(gateway.baseUrl, owner, role)),
  );
  const project = await request<{ id: string }>(gateway.baseUrl, 'POST', '/v1/projects', {
    token: owner.idToken,
    body: { name: 'Fixture' },
  });
  expect(project.status).toBe(201);
  if (!admin || !member || !viewer) throw new Error('members missing');
  fixtures = {
    members: { owner: { ...owner, role: 'owner' }, admin, member, viewer },
    projectId: project.body.id,
  };
}, 60_000);
afterAll(() => gateway.close());

async function call(
  id: RouteId,
  route: RouteDefinition,
  token: string | undefined,
): Promise<{ status: number; body: { error?: { code: string; details: unknown } } }> {
  const probe = probes[id];
  const params = probe?.params?.(fixtures) ?? genericParams(route);
  const body = probe?.body?.(fixtures);
  return request(gateway.baseUrl, route.method, pathOf(route, params), {
    ...(token !== undefined && { token }),
    ...(body !== undefined && { body }),
    ...(probe?.headers && { headers: probe.headers }),
  });
}

// Public routes first: the tenant routes end with every role signing out.
describe('every public route, without a token', () => {
  it.each(publicCases)('$name', async ({ id, route }) => {
    // Act
    const response = await call(id, route, undefined);

    // Assess
    if (probes[id]) expect(response.status).toBe(probes[id]?.expect);
    else expect([401, 403]).not.toContain(response.status);
  });
});

describe('every tenant route, as every role', () => {
  it.each(tenantCases)('$name', async ({ id, route, role }) => {
    // Prepare
    const expected = allowed(route, role);

    // Act
    const response = await call(id, route, fixtures.members[role].idToken);

    // Assess
    if (!expected) {
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({
        code: 'forbidden',
        details: { requiredRole: route.minRole, role },
      });
    } else if (probes[id]) {
      expect(response.status).toBe(probes[id]?.expect);
    } else {
      expect([401, 403]).not.toContain(response.status);
    }
  });
});
