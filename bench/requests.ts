/**
 * What the bench sends each route: a small table of realistic requests that succeed, on a tenant
 * seeded with one member per role. A request that uses something up (a project to delete, an
 * invitation to accept, a tenant to delete) seeds its own first, through the API; one that moves a
 * version on (a rename) sends the version the one before it left. A route without an entry here —
 * a new one — gets a generic request, and the report says so with the status it answered.
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

export interface RouteRequest {
  /** The request in a few words, for the report. */
  readonly what: string;
  /** Undefined for a generic request. */
  readonly expect?: number;
  readonly bare?: readonly BareExtra[];
  /** Fewer timed warm runs, for a route that answers after a fixed floor: its p50 is the floor. */
  readonly warmRuns?: number;
  /** Request `index` (asked in index order), once what it alone needs is seeded. */
  prepare(index: number): Promise<Prepared> | Prepared;
}

/** A route's requests as the bench takes them: each `next()` is a fresh one, seeded and flushed. */
export interface SeededRequest extends Omit<RouteRequest, 'prepare'> {
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

interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly owner: Member;
}

/** Timed warm runs of a route that answers no sooner than a fixed floor (no email enumeration). */
const floorWarmRuns = 20;

/** Enterprise seats and project limits leave room for a full run's requests. */
type Plan = 'free' | 'enterprise';

function expectStatus(what: string, status: number, expected: number): void {
  if (status !== expected) throw new Error(`Seeding ${what} answered ${status}, not ${expected}`);
}

/** Seeds the bench's tenants and returns a request for every route of the table. */
export async function seedRequests(world: World): Promise<Map<string, SeededRequest>> {
  const run = Date.now().toString(36);
  let emails = 0;
  const email = (label: string, domain = 'bench.test'): string =>
    `${label}-${run}-${emails++}@${domain}`;

  const caller = async (address: string): Promise<Caller> => {
    const { idToken } = await world.signIn(address);
    return { token: idToken, context: await world.contextOf(idToken) };
  };
  const signUp = async (label: string, plan: Plan = 'free'): Promise<Tenant> => {
    const owner = email(label);
    const name = `Bench ${label} ${emails}`;
    const created = await world.api('POST', '/v1/tenants', {
      body: { tenantName: name, email: owner, password: benchPassword },
    });
    expectStatus('a tenant', created.status, 201);
    const { tenant, user } = created.body as { tenant: { id: string }; user: { id: string } };
    const scope = tenantScopeFromVerifiedClaims(tenant.id);
    if (scope === undefined) throw new Error(`Sign-up answered no tenant id: ${tenant.id}`);
    // As the mailed code and billing would; through the shared client, so the base table gets it.
    const set = async (key: ItemKey, name: string, value: unknown) =>
      documentClient().send(
        new UpdateCommand({
          TableName: world.routeTable,
          Key: key,
          UpdateExpression: 'SET #name = :value',
          ExpressionAttributeNames: { '#name': name },
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    await set(tenantKeys.member(scope, user.id), 'emailVerified', true);
    if (plan !== 'free') {
      await set(tenantKeys.tenant(scope), 'plan', plan);
      // An operator's override: room for the webhooks a full run registers.
      await set(tenantKeys.tenant(scope), 'limits', { maxWebhooks: 10_000 });
    }
    return {
      tenantId: tenant.id,
      name,
      owner: { email: owner, userId: user.id, caller: await caller(owner) },
    };
  };
  const invite = async (tenant: Tenant, address: string, role = 'member'): Promise<string> => {
    const invited = await world.api('POST', '/v1/invitations', {
      token: tenant.owner.caller.token,
      body: { email: address, role },
    });
    expectStatus('an invitation', invited.status, 201);
    return String(invited.body.id);
  };
  const addMember = async (tenant: Tenant, role: string, signIn = true): Promise<Member> => {
    const address = email(role);
    await invite(tenant, address, role);
    const accepted = await world.api('POST', '/v1/invitations/accept', {
      body: { token: world.invitationToken(address), password: benchPassword },
    });
    expectStatus('a member', accepted.status, 201);
    const userId = String((accepted.body.user as { id?: unknown } | undefined)?.id);
    return { email: address, userId, caller: signIn ? await caller(address) : tenant.owner.caller };
  };
  const createProject = async (tenant: Tenant, name: string): Promise<string> => {
    const created = await world.api('POST', '/v1/projects', {
      token: tenant.owner.caller.token,
      body: { name },
    });
    expectStatus('a project', created.status, 201);
    return String(created.body.id);
  };

  // The main tenant: one member per role, a page of projects, and members who sign out in turn
  // (a member signs out at most once a second; a second sign-out within it takes another path).
  const main = await signUp('main', 'enterprise');
  await addMember(main, 'admin');
  const member = await addMember(main, 'member');
  await addMember(main, 'viewer');
  const session = await world.signIn(main.owner.email);
  const projects: string[] = [];
  for (let n = 0; n < 21; n++) projects.push(await createProject(main, `Seed ${n}`));
  const leavers: Member[] = [];
  for (let n = 0; n < 50; n++) leavers.push(await addMember(main, 'member'));
  // Invitations and members used up one per request live in a tenant of their own.
  const team = await signUp('team', 'enterprise');
  const promoted = await addMember(team, 'member', false);
  const handover = await signUp('handover');
  const handoverAdmin = await addMember(handover, 'admin');
  const renamed = await signUp('rename');
  const renamedVersion = Number(
    (await world.api('GET', '/v1/tenant', { token: renamed.owner.caller.token })).etag.replaceAll(
      '"',
      '',
    ),
  );
  const exported = await signUp('export');
  const started = await world.api('POST', '/v1/exports', { token: exported.owner.caller.token });
  expectStatus('an export', started.status, 202);
  const exportJob = String(started.body.jobId);
  await world.runBulkJob(exportJob);
  const readJob = await world.api('POST', '/v1/exports', {
    token: main.owner.caller.token,
    headers: { 'Idempotency-Key': `bench-${run}` },
  });
  const createWebhook = async (n: number): Promise<string> => {
    const created = await world.api('POST', '/v1/webhooks', {
      token: main.owner.caller.token,
      body: webhookBody(n),
    });
    expectStatus('a webhook', created.status, 201);
    return String(created.body.id);
  };
  const webhook = await createWebhook(0);
  await world.flush();

  const owner = main.owner.caller;
  const fixed = (what: string, expect: number, spec: RequestSpec = {}): RouteRequest => ({
    what,
    expect,
    prepare: () => ({ spec }),
  });
  const page = { query: { limit: '20' } };
  const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });
  const written: Record<string, RouteRequest> = {
    health: fixed('GET /health', 200),
    ready: fixed('GET /health/ready (the table answers)', 200),
    openApi: fixed('the OpenAPI document', 200),
    createTenant: {
      what: 'sign up a tenant and its owner (Cognito user, 5-item transaction)',
      expect: 201,
      prepare: (n) => {
        const address = email('signup', newUserSwap[0].slice(1));
        return {
          spec: { body: { tenantName: `Signup ${n}`, email: address, password: benchPassword } },
        };
      },
    },
    login: fixed('sign in as the owner', 200, {
      body: { email: main.owner.email, password: benchPassword },
    }),
    refresh: fixed('fresh tokens for the owner’s refresh token', 200, {
      body: { refreshToken: session.refreshToken },
    }),
    logout: {
      what: 'sign out: member stamped, refresh token revoked',
      expect: 204,
      prepare: async (n) => {
        const leaver = leavers[n % leavers.length] as Member;
        const [route, base] = [await world.signIn(leaver.email), await world.signIn(leaver.email)];
        const spec = { body: { refreshToken: route.refreshToken } };
        return {
          spec,
          caller: leaver.caller,
          cognitoSwaps: [[route.refreshToken, base.refreshToken]],
        };
      },
    },
    forgotPassword: {
      ...fixed('mail the owner a reset code', 202, { body: { email: main.owner.email } }),
      warmRuns: floorWarmRuns,
    },
    resendVerification: {
      ...fixed('a verified email: nothing mailed', 202, { body: { email: main.owner.email } }),
      warmRuns: floorWarmRuns,
    },
    getMe: fixed('who am I, as the owner', 200),
    createProject: {
      what: 'create with an Idempotency-Key',
      expect: 201,
      prepare: (n) => ({
        spec: {
          headers: { 'Idempotency-Key': `create-${run}-${n}` },
          body: { name: `Project ${n}` },
        },
      }),
    },
    listProjects: fixed('first page of 20', 200, page),
    getProject: fixed('one project', 200, { pathParameters: { id: projects[0] ?? '' } }),
    updateProject: {
      what: 'rename with If-Match',
      expect: 200,
      prepare: (n) => ({
        spec: {
          pathParameters: { id: projects[1] ?? '' },
          headers: ifMatch(n + 1),
          body: { name: `Renamed ${n}` },
        },
      }),
    },
    deleteProject: {
      what: 'delete with If-Match (a project seeded for it)',
      expect: 204,
      prepare: async (n) => ({
        spec: {
          pathParameters: { id: await createProject(main, `Doomed ${n}`) },
          headers: ifMatch(1),
        },
      }),
    },
    listMembers: fixed('first page of 20 members', 200, page),
    getMember: fixed('one member', 200, { pathParameters: { userId: member.userId } }),
    updateMember: {
      what: 'promote to admin and back, with If-Match (Cognito role claim too)',
      expect: 200,
      prepare: (n) => ({
        spec: {
          pathParameters: { userId: promoted.userId },
          headers: ifMatch(n + 1),
          body: { role: n % 2 === 0 ? 'admin' : 'member' },
        },
        caller: team.owner.caller,
      }),
    },
    removeMember: {
      what: 'remove a member with If-Match (a member seeded for it; Cognito user disabled)',
      expect: 204,
      prepare: async () => {
        const { userId } = await addMember(team, 'member', false);
        return {
          spec: { pathParameters: { userId }, headers: ifMatch(1) },
          caller: team.owner.caller,
        };
      },
    },
    transferOwnership: {
      what: 'hand the tenant to an admin, and back (2 Cognito role claims)',
      expect: 200,
      prepare: (n) => {
        const [from, to] =
          n % 2 === 0 ? [handover.owner, handoverAdmin] : [handoverAdmin, handover.owner];
        const caller = { ...from.caller, context: { ...from.caller.context, role: 'owner' } };
        return { spec: { body: { userId: to.userId } }, caller };
      },
    },
    getTenant: fixed('the tenant with its ETag', 200),
    updateTenant: {
      what: 'rename with If-Match',
      expect: 200,
      prepare: (n) => ({
        spec: { headers: ifMatch(renamedVersion + n), body: { name: `Renamed ${n}` } },
        caller: renamed.owner.caller,
      }),
    },
    createInvitation: {
      what: 'invite an email (seat, email lock, token lookup; mail job queued)',
      expect: 201,
      prepare: () => ({ spec: { body: { email: email('invitee'), role: 'member' } } }),
    },
    listInvitations: fixed('first page of 20', 200, page),
    deleteInvitation: {
      what: 'revoke a pending invitation (seeded for it)',
      expect: 204,
      prepare: async () => ({
        spec: { pathParameters: { id: await invite(team, email('revoked')) } },
        caller: team.owner.caller,
      }),
    },
    acceptInvitation: {
      what: 'accept an invitation (seeded for it): Cognito user, member, seat',
      expect: 201,
      prepare: async () => {
        const address = email('joiner', newUserSwap[0].slice(1));
        await invite(team, address);
        return {
          spec: { body: { token: world.invitationToken(address), password: benchPassword } },
        };
      },
    },
    listAudit: fixed('first page of 20 events', 200, page),
    deleteTenant: {
      what: 'the owner deletes a tenant (seeded for it); the deletion job is queued',
      expect: 202,
      prepare: async () => {
        const doomed = await signUp('doomed');
        return { spec: { body: { confirm: doomed.name } }, caller: doomed.owner.caller };
      },
    },
    createExport: {
      what: 'start an export with an Idempotency-Key (bulk job queued)',
      expect: 202,
      prepare: (n) => ({ spec: { headers: { 'Idempotency-Key': `export-${run}-${n}` } } }),
    },
    listJobs: fixed('first page of 20 jobs', 200, page),
    getJob: fixed('one queued job', 200, { pathParameters: { id: String(readJob.body.jobId) } }),
    downloadJobResult: {
      what: 'redirect to a finished export (a 15-minute URL signed)',
      expect: 302,
      bare: ['presignDownload'],
      prepare: () => ({
        spec: { pathParameters: { id: exportJob } },
        caller: exported.owner.caller,
      }),
    },
    createWebhook: {
      what: 'register an endpoint with an Idempotency-Key',
      expect: 201,
      prepare: (n) => ({
        spec: { headers: { 'Idempotency-Key': `webhook-${run}-${n}` }, body: webhookBody(n) },
      }),
    },
    listWebhooks: fixed('first page of 20', 200, page),
    getWebhook: fixed('one endpoint', 200, { pathParameters: { id: webhook } }),
    updateWebhook: {
      what: 'change the description with If-Match',
      expect: 200,
      prepare: (n) => ({
        spec: {
          pathParameters: { id: webhook },
          headers: ifMatch(n + 1),
          body: { description: `Changed ${n}` },
        },
      }),
    },
    deleteWebhook: {
      what: 'delete with If-Match (an endpoint seeded for it)',
      expect: 204,
      prepare: async (n) => ({
        spec: { pathParameters: { id: await createWebhook(n + 1) }, headers: ifMatch(1) },
      }),
    },
  };

  const authorizer: RouteRequest = {
    what: 'the owner’s ID token, verified (no cache)',
    expect: 200,
    bare: ['verifyToken'],
    prepare: () => ({ spec: {}, caller: owner }),
  };
  const requests = new Map<string, SeededRequest>();
  for (const [id, route] of [
    ...Object.entries(routes as Readonly<Record<string, RouteDefinition>>),
    ['authorizer', undefined] as const,
  ]) {
    const { prepare, ...request } =
      route === undefined ? authorizer : (written[id] ?? genericRequest(route));
    let index = 0;
    requests.set(id, {
      ...request,
      next: async () => {
        const prepared = await prepare(index++);
        await world.flush();
        return {
          ...prepared,
          ...(route?.auth === 'tenant' && prepared.caller === undefined && { caller: owner }),
        };
      },
    });
  }
  return requests;
}

function webhookBody(n: number): { url: string; events: string[] } {
  return { url: `https://hooks.example.com/bench/${n}`, events: ['project.created'] };
}

/** For a route without an entry: valid-looking ids, and `{}` as the body of writes. */
function genericRequest(route: RouteDefinition): RouteRequest {
  const parameters = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1] ?? '', ulid()]),
  );
  const spec: RequestSpec = {
    ...(Object.keys(parameters).length > 0 && { pathParameters: parameters }),
    ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: {} }),
  };
  return {
    what: `generic ${route.method} (no entry in bench/requests.ts)`,
    prepare: () => ({ spec }),
  };
}
