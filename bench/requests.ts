/**
 * What the bench sends each route: one realistic request that succeeds, on a tenant seeded with one
 * member per role. A request that uses something up (a project to delete, an invitation to accept,
 * a tenant to delete) seeds its own first, through the API; one that moves a version on sends the
 * version the one before it left. A route without an entry gets a generic request, and the report
 * names it with the statuses it answered.
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
  /** Its requests seed nothing they share (each its own tenant), so a batch seeds at once. */
  readonly apart?: boolean;
  /** Request `n` (asked in order), once what it alone needs is seeded. */
  prepare(n: number): Promise<Prepared> | Prepared;
}

/** A route's requests as the bench takes them, in order, seeded and flushed. */
export interface SeededRequest extends Omit<Entry, 'prepare'> {
  take(count: number): Promise<Prepared[]>;
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

const entry = (
  expect: number,
  prepare: Entry['prepare'] | RequestSpec = {},
  more: Partial<Entry> = {},
): Entry => ({
  expect,
  prepare: typeof prepare === 'function' ? prepare : () => ({ spec: prepare }),
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
  /** A POST through the API that must answer `expected`; its body. */
  const post = async (path: string, body: unknown, as?: Tenant, expected = 201) => {
    const answer = await world.post(path, body, as?.caller.token);
    if (answer.status !== expected)
      throw new Error(`Seeding POST ${path} answered ${answer.status}, not ${expected}`);
    return answer.body as Record<string, string> & { tenant: { id: string }; user: { id: string } };
  };
  const caller = async (address: string): Promise<Caller> => {
    const { idToken } = await world.signIn(address);
    return { token: idToken, context: await world.contextOf(idToken) };
  };
  // As the mailed code and billing would; through the shared client, so the base table gets it too.
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
    const { tenant, user } = await post('/v1/tenants', {
      tenantName: name,
      email: address,
      password: benchPassword,
    });
    const scope = tenantScopeFromVerifiedClaims(tenant.id);
    if (scope === undefined) throw new Error(`Sign-up answered no tenant id: ${tenant.id}`);
    await set(tenantKeys.member(scope, user.id), 'emailVerified', true);
    if (enterprise) await set(tenantKeys.tenant(scope), 'plan', 'enterprise');
    return { email: address, name, userId: user.id, caller: await caller(address) };
  };
  const invite = async (tenant: Tenant, address: string, role = 'member'): Promise<string> =>
    (await post('/v1/invitations', { email: address, role }, tenant)).id ?? '';
  const addMember = async (tenant: Tenant, role: string, signIn = true): Promise<Member> => {
    const address = email(role);
    await invite(tenant, address, role);
    const { user } = await post('/v1/invitations/accept', {
      token: world.invitationToken(address),
      password: benchPassword,
    });
    const as = signIn ? await caller(address) : tenant.caller;
    return { email: address, userId: user.id, caller: as };
  };
  const create = async (path: string, body: unknown, tenant = main): Promise<string> =>
    (await post(path, body, tenant)).id ?? '';
  // A plan allows 100 webhooks: registrations move on to a fresh tenant every 90.
  const hookTenants: Promise<Tenant>[] = [];
  const hookTenant = (n: number): Promise<Tenant> => {
    const at = Math.floor(n / 90);
    hookTenants[at] ??= signUp('hooks', true);
    return hookTenants[at];
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
  // Invitations, members and webhooks used up one per request live in tenants of their own.
  const team = await signUp('team', true);
  const promoted = await addMember(team, 'member', false);
  const handover = await signUp('handover');
  const handoverAdmin = await addMember(handover, 'admin');
  const renamed = await signUp('rename');
  const doomedHooks = await signUp('unhook', true);
  const exported = await signUp('export');
  const exportJob = (await post('/v1/exports', undefined, exported, 202)).jobId;
  await world.runJobs();
  const queuedJob = (await post('/v1/exports', undefined, main, 202)).jobId;
  await world.flush();

  const page = { query: { limit: '20' } };
  const byTeam = { caller: team.caller };
  const newUser = (label: string) => email(label, newUserSwap[0].slice(1));
  const entries: Record<string, Entry> = {
    health: entry(200),
    ready: entry(200),
    openApi: entry(200),
    createTenant: entry(201, (n) => ({
      spec: {
        body: { tenantName: `Signup ${n}`, email: newUser('signup'), password: benchPassword },
      },
    })),
    login: entry(200, { body: { email: main.email, password: benchPassword } }),
    refresh: entry(200, { body: { refreshToken: session.refreshToken } }),
    logout: entry(204, async (n) => {
      const leaver = leavers[n % leavers.length] as Member;
      const [route, base] = [await world.signIn(leaver.email), await world.signIn(leaver.email)];
      return {
        spec: { body: { refreshToken: route.refreshToken } },
        caller: leaver.caller,
        cognitoSwaps: [[route.refreshToken, base.refreshToken]],
      };
    }),
    // Both answer no sooner than a fixed floor, so an unknown email cannot be told apart.
    forgotPassword: entry(202, { body: { email: main.email } }, { warmRuns: 10 }),
    resendVerification: entry(202, { body: { email: main.email } }, { warmRuns: 10 }),
    getMe: entry(200),
    createProject: entry(201, (n) => ({
      spec: { headers: { 'Idempotency-Key': `project-${run}-${n}` }, body: { name: `P ${n}` } },
    })),
    listProjects: entry(200, page),
    getProject: entry(200, { pathParameters: { id: projects[0] ?? '' } }),
    updateProject: entry(200, (n) => ({
      spec: {
        pathParameters: { id: projects[1] ?? '' },
        headers: ifMatch(n + 1),
        body: { name: `Renamed ${n}` },
      },
    })),
    deleteProject: entry(204, async (n) => ({
      spec: {
        pathParameters: { id: await create('/v1/projects', { name: `Doomed ${n}` }) },
        headers: ifMatch(1),
      },
    })),
    listMembers: entry(200, page),
    getMember: entry(200, { pathParameters: { userId: member.userId } }),
    updateMember: entry(200, (n) => ({
      spec: {
        pathParameters: { userId: promoted.userId },
        headers: ifMatch(n + 1),
        body: { role: n % 2 === 0 ? 'admin' : 'member' },
      },
      ...byTeam,
    })),
    removeMember: entry(204, async () => {
      const { userId } = await addMember(team, 'member', false);
      return { spec: { pathParameters: { userId }, headers: ifMatch(1) }, ...byTeam };
    }),
    transferOwnership: entry(200, (n) => {
      const [from, to] = n % 2 === 0 ? [handover, handoverAdmin] : [handoverAdmin, handover];
      const caller = { ...from.caller, context: { ...from.caller.context, role: 'owner' } };
      return { spec: { body: { userId: to.userId } }, caller };
    }),
    getTenant: entry(200),
    updateTenant: entry(200, (n) => ({
      spec: { headers: ifMatch(n + 1), body: { name: `Renamed ${n}` } },
      caller: renamed.caller,
    })),
    createInvitation: entry(201, () => ({
      spec: { body: { email: email('invitee'), role: 'member' } },
    })),
    listInvitations: entry(200, page),
    deleteInvitation: entry(204, async () => ({
      spec: { pathParameters: { id: await invite(team, email('revoked')) } },
      ...byTeam,
    })),
    acceptInvitation: entry(201, async () => {
      const address = newUser('joiner');
      await invite(team, address);
      return { spec: { body: { token: world.invitationToken(address), password: benchPassword } } };
    }),
    listAudit: entry(200, page),
    deleteTenant: entry(
      202,
      async () => {
        const doomed = await signUp('doomed');
        return { spec: { body: { confirm: doomed.name } }, caller: doomed.caller };
      },
      { apart: true },
    ),
    createExport: entry(202, (n) => ({
      spec: { headers: { 'Idempotency-Key': `export-${run}-${n}` } },
    })),
    listJobs: entry(200, page),
    getJob: entry(200, { pathParameters: { id: queuedJob ?? '' } }),
    downloadJobResult: entry(
      302,
      () => ({ spec: { pathParameters: { id: exportJob ?? '' } }, caller: exported.caller }),
      { bare: ['presignDownload'] },
    ),
    createWebhook: entry(201, async (n) => ({
      spec: { headers: { 'Idempotency-Key': `webhook-${run}-${n}` }, body: webhookBody(n) },
      caller: (await hookTenant(n)).caller,
    })),
    listWebhooks: entry(200, page),
    getWebhook: entry(200, { pathParameters: { id: webhook } }),
    updateWebhook: entry(200, (n) => ({
      spec: {
        pathParameters: { id: webhook },
        headers: ifMatch(n + 1),
        body: { description: `Changed ${n}` },
      },
    })),
    deleteWebhook: entry(204, async (n) => {
      const id = await create('/v1/webhooks', webhookBody(n + 1), doomedHooks);
      return { spec: { pathParameters: { id }, headers: ifMatch(1) }, caller: doomedHooks.caller };
    }),
    authorizer: entry(200, {}, { bare: ['verifyToken'] }),
  };

  const table = routes as Readonly<Record<string, RouteDefinition>>;
  const requests = new Map<string, SeededRequest>();
  for (const id of [...Object.keys(table), 'authorizer']) {
    const route = table[id];
    const { prepare, ...rest } = entries[id] ?? genericEntry(route as RouteDefinition);
    let n = 0;
    requests.set(id, {
      ...rest,
      // One at a time unless apart: most requests seed writes to one tenant's counters.
      async take(count) {
        const numbers = Array.from({ length: count }, () => n++);
        const taken: Prepared[] = [];
        if (rest.apart) taken.push(...(await Promise.all(numbers.map(prepare))));
        else for (const k of numbers) taken.push(await prepare(k));
        await world.flush();
        const byDefault = route?.auth !== 'public';
        return taken.map((p) => (byDefault && !p.caller ? { ...p, caller: main.caller } : p));
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
  const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
  return {
    prepare: () => ({
      spec: {
        ...(Object.keys(parameters).length > 0 && { pathParameters: parameters }),
        ...(hasBody && { body: {} }),
      },
    }),
  };
}
