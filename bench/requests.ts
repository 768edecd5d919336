/**
 * What the bench sends each route: one realistic request that succeeds, on a tenant seeded with one
 * member per role. A request that uses something up (a project to delete, an invitation to accept,
 * a tenant to delete) seeds its own first, through the API; one that moves a version on sends the
 * version the one before it left. A route without an entry here gets a generic request, and the
 * report names it with the statuses it answered.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { routes } from '#shared/api/routes.ts';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { type ItemKey, tenantKeys } from '#shared/data/keys.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import type { BareExtra } from './build.ts';
import type { Caller, RequestSpec } from './events.ts';
import { benchPassword, type World } from './world.ts';

export interface Prepared {
  readonly spec: RequestSpec;
  /** Who sends it; tenant routes default to the main tenant's owner. */
  readonly caller?: Caller;
  /** Strings the bare handler's Cognito calls replace (a refresh token the route used up). */
  readonly cognitoSwaps?: readonly (readonly [string, string])[];
}

interface Entry {
  /** The status it must answer; none for a generic request. */
  readonly expect?: number;
  readonly bare?: readonly BareExtra[];
  /** Fewer timed warm runs, for a route that answers after a fixed floor: its p50 is the floor. */
  readonly warmRuns?: number;
  /** Request `n` (asked in order), once what it alone needs is seeded. */
  prepare(n: number): Promise<Prepared> | Prepared;
}

/** A route's requests as the bench takes them: each `next()` a fresh one, seeded and flushed. */
export interface SeededRequest extends Omit<Entry, 'prepare'> {
  next(): Promise<Prepared>;
}

/**
 * The email domain of users a request creates (sign-up, acceptance): the bare handler creates its
 * own user under the other domain, since the route's already exists in the shared pool.
 */
export const newUserSwap = ['@route.bench.test', '@base.bench.test'] as const;

interface Member {
  readonly email: string;
  readonly userId: string;
  readonly caller: Caller;
}

interface Tenant extends Member {
  readonly name: string;
}

const fixed = (expect: number, spec: RequestSpec = {}, more: Partial<Entry> = {}): Entry => ({
  expect,
  prepare: () => ({ spec }),
  ...more,
});
const each = (expect: number, prepare: Entry['prepare'], more: Partial<Entry> = {}): Entry => ({
  expect,
  prepare,
  ...more,
});
const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
const webhookBody = (n: number) => ({
  url: `https://hooks.example.com/bench/${n}`,
  events: ['project.created'],
});

/** Seeds the bench's tenants and returns a request for every function. */
export async function seedRequests(world: World): Promise<Map<string, SeededRequest>> {
  const run = Date.now().toString(36);
  let emails = 0;
  const email = (label: string, domain = 'bench.test'): string =>
    `${label}-${run}-${emails++}@${domain}`;
  /** A request through the API that must answer `expected`; its body. */
  const send = async (
    expected: number,
    method: string,
    path: string,
    options: Parameters<World['api']>[2] = {},
  ): Promise<Record<string, unknown>> => {
    const answer = await world.api(method, path, options);
    if (answer.status !== expected)
      throw new Error(`Seeding ${method} ${path} answered ${answer.status}, not ${expected}`);
    return answer.body;
  };
  const caller = async (address: string): Promise<Caller> => {
    const { idToken } = await world.signIn(address);
    return { token: idToken, context: await world.contextOf(idToken) };
  };
  // As the mailed code, billing and an operator would; through the shared client, so the base
  // table gets it too.
  const set = (Key: ItemKey, name: string, value: unknown) =>
    documentClient().send(
      new UpdateCommand({
        TableName: world.routeTable,
        Key,
        UpdateExpression: 'SET #name = :value',
        ExpressionAttributeNames: { '#name': name },
        ExpressionAttributeValues: { ':value': value },
      }),
    );
  const signUp = async (label: string, enterprise = false): Promise<Tenant> => {
    const [address, name] = [email(label), `Bench ${label} ${emails}`];
    const body = { tenantName: name, email: address, password: benchPassword };
    const { tenant, user } = (await send(201, 'POST', '/v1/tenants', { body })) as {
      tenant: { id: string };
      user: { id: string };
    };
    const scope = tenantScopeFromVerifiedClaims(tenant.id);
    if (scope === undefined) throw new Error(`Sign-up answered no tenant id: ${tenant.id}`);
    await set(tenantKeys.member(scope, user.id), 'emailVerified', true);
    if (enterprise) await set(tenantKeys.tenant(scope), 'plan', 'enterprise');
    return { email: address, name, userId: user.id, caller: await caller(address) };
  };
  const invite = async (tenant: Tenant, address: string, role = 'member'): Promise<string> => {
    const body = { email: address, role };
    return String(
      (await send(201, 'POST', '/v1/invitations', { token: tenant.caller.token, body })).id,
    );
  };
  const addMember = async (tenant: Tenant, role: string, signIn = true): Promise<Member> => {
    const address = email(role);
    await invite(tenant, address, role);
    const body = { token: world.invitationToken(address), password: benchPassword };
    const { user } = (await send(201, 'POST', '/v1/invitations/accept', { body })) as {
      user: { id: string };
    };
    return {
      email: address,
      userId: user.id,
      caller: signIn ? await caller(address) : tenant.caller,
    };
  };
  const create = async (path: string, body: unknown, tenant = main): Promise<string> =>
    String((await send(201, 'POST', path, { token: tenant.caller.token, body })).id);
  // A plan allows 100 webhooks: registrations move on to a fresh tenant every 90.
  const webhookTenants: Tenant[] = [];
  const webhookTenant = async (n: number): Promise<Tenant> => {
    while (webhookTenants.length <= Math.floor(n / 90))
      webhookTenants.push(await signUp('hooks', true));
    return webhookTenants[Math.floor(n / 90)] as Tenant;
  };

  // The main tenant: one member per role, a page of projects, and members who sign out in turn
  // (a member signs out at most once a second; a second sign-out within it takes another path).
  const main = await signUp('main', true);
  await addMember(main, 'admin');
  const member = await addMember(main, 'member');
  await addMember(main, 'viewer');
  const session = await world.signIn(main.email);
  const projects: string[] = [];
  for (let n = 0; n < 21; n++) projects.push(await create('/v1/projects', { name: `Seed ${n}` }));
  const leavers: Member[] = [];
  for (let n = 0; n < 30; n++) leavers.push(await addMember(main, 'member'));
  const webhook = await create('/v1/webhooks', webhookBody(0));
  // Invitations and members used up one per request live in a tenant of their own.
  const team = await signUp('team', true);
  const promoted = await addMember(team, 'member', false);
  const handover = await signUp('handover');
  const handoverAdmin = await addMember(handover, 'admin');
  const renamed = await signUp('rename');
  const exported = await signUp('export');
  const exportJob = String(
    (await send(202, 'POST', '/v1/exports', { token: exported.caller.token })).jobId,
  );
  await world.runJobs();
  const queuedJob = String(
    (await send(202, 'POST', '/v1/exports', { token: main.caller.token })).jobId,
  );
  await world.flush();

  const page = { query: { limit: '20' } };
  const byTeam = { caller: team.caller };
  const entries: Record<string, Entry> = {
    health: fixed(200),
    ready: fixed(200),
    openApi: fixed(200),
    createTenant: each(201, (n) => ({
      spec: {
        body: {
          tenantName: `Signup ${n}`,
          email: email('signup', newUserSwap[0].slice(1)),
          password: benchPassword,
        },
      },
    })),
    login: fixed(200, { body: { email: main.email, password: benchPassword } }),
    refresh: fixed(200, { body: { refreshToken: session.refreshToken } }),
    logout: each(204, async (n) => {
      const leaver = leavers[n % leavers.length] as Member;
      const [route, base] = [await world.signIn(leaver.email), await world.signIn(leaver.email)];
      return {
        spec: { body: { refreshToken: route.refreshToken } },
        caller: leaver.caller,
        cognitoSwaps: [[route.refreshToken, base.refreshToken]],
      };
    }),
    // Both answer no sooner than a fixed floor, so an unknown email cannot be told apart.
    forgotPassword: fixed(202, { body: { email: main.email } }, { warmRuns: 20 }),
    resendVerification: fixed(202, { body: { email: main.email } }, { warmRuns: 20 }),
    getMe: fixed(200),
    createProject: each(201, (n) => ({
      spec: { headers: { 'Idempotency-Key': `project-${run}-${n}` }, body: { name: `P ${n}` } },
    })),
    listProjects: fixed(200, page),
    getProject: fixed(200, { pathParameters: { id: projects[0] ?? '' } }),
    updateProject: each(200, (n) => ({
      spec: {
        pathParameters: { id: projects[1] ?? '' },
        headers: ifMatch(n + 1),
        body: { name: `Renamed ${n}` },
      },
    })),
    deleteProject: each(204, async (n) => ({
      spec: {
        pathParameters: { id: await create('/v1/projects', { name: `Doomed ${n}` }) },
        headers: ifMatch(1),
      },
    })),
    listMembers: fixed(200, page),
    getMember: fixed(200, { pathParameters: { userId: member.userId } }),
    updateMember: each(200, (n) => ({
      spec: {
        pathParameters: { userId: promoted.userId },
        headers: ifMatch(n + 1),
        body: { role: n % 2 === 0 ? 'admin' : 'member' },
      },
      ...byTeam,
    })),
    removeMember: each(204, async () => {
      const { userId } = await addMember(team, 'member', false);
      return { spec: { pathParameters: { userId }, headers: ifMatch(1) }, ...byTeam };
    }),
    transferOwnership: each(200, (n) => {
      const [from, to] = n % 2 === 0 ? [handover, handoverAdmin] : [handoverAdmin, handover];
      const caller = { ...from.caller, context: { ...from.caller.context, role: 'owner' } };
      return { spec: { body: { userId: to.userId } }, caller };
    }),
    getTenant: fixed(200),
    updateTenant: each(200, (n) => ({
      spec: { headers: ifMatch(n + 1), body: { name: `Renamed ${n}` } },
      caller: renamed.caller,
    })),
    createInvitation: each(201, () => ({
      spec: { body: { email: email('invitee'), role: 'member' } },
    })),
    listInvitations: fixed(200, page),
    deleteInvitation: each(204, async () => ({
      spec: { pathParameters: { id: await invite(team, email('revoked')) } },
      ...byTeam,
    })),
    acceptInvitation: each(201, async () => {
      const address = email('joiner', newUserSwap[0].slice(1));
      await invite(team, address);
      return { spec: { body: { token: world.invitationToken(address), password: benchPassword } } };
    }),
    listAudit: fixed(200, page),
    deleteTenant: each(202, async () => {
      const doomed = await signUp('doomed');
      return { spec: { body: { confirm: doomed.name } }, caller: doomed.caller };
    }),
    createExport: each(202, (n) => ({
      spec: { headers: { 'Idempotency-Key': `export-${run}-${n}` } },
    })),
    listJobs: fixed(200, page),
    getJob: fixed(200, { pathParameters: { id: queuedJob } }),
    downloadJobResult: each(
      302,
      () => ({ spec: { pathParameters: { id: exportJob } }, caller: exported.caller }),
      { bare: ['presignDownload'] },
    ),
    createWebhook: each(201, async (n) => ({
      spec: { headers: { 'Idempotency-Key': `webhook-${run}-${n}` }, body: webhookBody(n) },
      caller: (await webhookTenant(n)).caller,
    })),
    listWebhooks: fixed(200, page),
    getWebhook: fixed(200, { pathParameters: { id: webhook } }),
    updateWebhook: each(200, (n) => ({
      spec: {
        pathParameters: { id: webhook },
        headers: ifMatch(n + 1),
        body: { description: `Changed ${n}` },
      },
    })),
    deleteWebhook: each(204, async (n) => {
      const tenant = await webhookTenant(0);
      const id = await create('/v1/webhooks', webhookBody(n + 1), tenant);
      return { spec: { pathParameters: { id }, headers: ifMatch(1) }, caller: tenant.caller };
    }),
    authorizer: fixed(200, {}, { bare: ['verifyToken'] }),
  };

  const requests = new Map<string, SeededRequest>();
  const table = routes as Readonly<Record<string, RouteDefinition>>;
  for (const id of [...Object.keys(table), 'authorizer']) {
    const route = table[id];
    const { prepare, ...entry } = entries[id] ?? genericEntry(route as RouteDefinition);
    let n = 0;
    requests.set(id, {
      ...entry,
      next: async () => {
        const prepared = await prepare(n++);
        await world.flush();
        const defaultCaller = route?.auth !== 'public' && prepared.caller === undefined;
        return { ...prepared, ...(defaultCaller && { caller: main.caller }) };
      },
    });
  }
  return requests;
}

/** For a route without an entry: valid-looking ids, and `{}` as the body of writes. */
function genericEntry(route: RouteDefinition): Entry {
  const parameters = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1] ?? '', ulid()]),
  );
  return {
    prepare: () => ({
      spec: {
        ...(Object.keys(parameters).length > 0 && { pathParameters: parameters }),
        ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: {} }),
      },
    }),
  };
}
