/**
 * What the bench sends each function: a realistic, successful request per route (a scenario), and a
 * generic request for routes nobody wrote a scenario for yet, so any route in lib/api/routes.ts is
 * measured. Request `index` must be valid on its own, in any order and in every world: a write to an
 * existing item gets an item seeded for that index.
 */
import { randomUUID } from 'node:crypto';
import { ulid } from 'ulid';
import { routes } from '#lib/api/routes.ts';
import { tenantScopeFromVerifiedClaims } from '#shared/auth/tenant-context.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import {
  type AuthorizerContext,
  apiEvent,
  authorizerEvent,
  concretePath,
  type RequestSpec,
} from './events.ts';
import { authorizerId, type FunctionUnderTest } from './functions.ts';
import { invokeInProcess } from './in-process.ts';
import { type WorldName, type Worlds, worldTag } from './world.ts';

export const benchPassword = 'Correct-Horse-9-Battery';

/** The tenant every scenario acts as: signed up once, mirrored to every world, on the enterprise plan. */
export interface SeedTenant {
  readonly tenantId: string;
  readonly userId: string;
  readonly email: string;
  readonly idToken: string;
  readonly refreshToken: string;
  /** What the authorizer attaches to this tenant's requests. */
  readonly authorizer: AuthorizerContext;
}

export interface Scenario {
  /** The request, in a few words, for the report. */
  readonly description: string;
  /** The status a successful run answers; undefined for generic scenarios. */
  readonly expectedStatus?: number;
  /** True when the bench made the request up from the route table alone. */
  readonly generic?: boolean;
  /** Fewer warm invocations than the run's size, and why. */
  readonly warmLimit?: { readonly invocations: number; readonly reason: string };
  /** The bare baseline also verifies the caller's token (the authorizer does). */
  readonly baselineVerifiesToken?: boolean;
  /** Seeds what `requests` requests need, before anything is measured. */
  prepare?(requests: number): Promise<void>;
  /** The event of request `index` in `world`. */
  event(index: number, world: WorldName, requestId: string): unknown;
  /** A read request to load through the gateway, for the routes that take part. */
  gatewayRequest?(): { readonly path: string; readonly headers: Readonly<Record<string, string>> };
}

function invokeRoute(route: RouteDefinition, id: string, spec: RequestSpec, seed?: SeedTenant) {
  return invokeInProcess(
    { id, entry: route.entry },
    apiEvent(route, spec, {
      requestId: randomUUID(),
      ...(seed && route.auth === 'tenant' && { token: seed.idToken, authorizer: seed.authorizer }),
    }),
  );
}

function bodyOf(result: unknown): Record<string, unknown> {
  const body = (result as { body?: unknown } | undefined)?.body;
  return typeof body === 'string' && body !== ''
    ? (JSON.parse(body) as Record<string, unknown>)
    : {};
}

/** Signs the bench tenant up (from source, in `prof`), mirrors it, upgrades it and logs it in. */
export async function seedTenant(worlds: Worlds): Promise<SeedTenant> {
  const email = `bench-owner-${Date.now()}@example.test`;
  const signUp = await invokeRoute(routes.createTenant, 'createTenant', {
    body: { tenantName: 'Bench', email, password: benchPassword },
  });
  if (signUp.status !== 201) throw new Error(`Seed sign-up answered ${signUp.status}`);
  worlds.mirrorWrites(signUp.calls);
  const created = bodyOf(signUp.result) as { tenant: { id: string }; user: { id: string } };
  const scope = tenantScopeFromVerifiedClaims(created.tenant.id);
  if (scope === undefined) throw new Error('Seed sign-up returned no tenant id');
  // Enterprise: the warm runs create a thousand projects or more, far above the free plan's limit.
  worlds.updateEverywhere('UpdateItem', {
    Key: tenantKeys.tenant(scope),
    UpdateExpression: 'SET #plan = :plan',
    ExpressionAttributeNames: { '#plan': 'plan' },
    ExpressionAttributeValues: { ':plan': 'enterprise' },
  });
  const login = await invokeRoute(routes.login, 'login', {
    body: { email, password: benchPassword },
  });
  if (login.status !== 200) throw new Error(`Seed login answered ${login.status}`);
  const tokens = bodyOf(login.result) as { idToken: string; refreshToken: string };
  await worlds.flush();
  return {
    tenantId: created.tenant.id,
    userId: created.user.id,
    email,
    idToken: tokens.idToken,
    refreshToken: tokens.refreshToken,
    authorizer: {
      tenantId: created.tenant.id,
      userId: created.user.id,
      role: 'owner',
      plan: 'enterprise',
    },
  };
}

/** Creates `count` projects through the createProject function, mirrored to every world. */
async function createProjects(worlds: Worlds, seed: SeedTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const created = await invokeRoute(
      routes.createProject,
      'createProject',
      { body: { name: `Seed ${index}`, tags: ['bench'] } },
      seed,
    );
    if (created.status !== 201) throw new Error(`Seeding a project answered ${created.status}`);
    worlds.mirrorWrites(created.calls);
    ids.push(String(bodyOf(created.result).id));
  }
  await worlds.flush();
  return ids;
}

/** Builds every scenario for `functions`: the written ones, and generic ones for the rest. */
export function createScenarios(
  worlds: Worlds,
  seed: SeedTenant,
  functions: readonly FunctionUnderTest[],
): Map<string, Scenario> {
  const tenant = { token: seed.idToken, authorizer: seed.authorizer };
  const bearer = { authorization: `Bearer ${seed.idToken}` };
  const routeScenario = (
    route: RouteDefinition,
    scenario: Omit<Scenario, 'event'> & { request(index: number, world: WorldName): RequestSpec },
  ): Scenario => ({
    ...scenario,
    event: (index, world, requestId) =>
      apiEvent(route, scenario.request(index, world), {
        requestId,
        ...(route.auth === 'tenant' && tenant),
      }),
  });

  let readProject = '';
  let readJob = '';
  let projectsToUpdate: string[] = [];
  let projectsToDelete: string[] = [];

  const written: Record<string, Scenario> = {
    health: routeScenario(routes.health, {
      description: 'GET /health',
      expectedStatus: 200,
      request: () => ({}),
      gatewayRequest: () => ({ path: routes.health.path, headers: {} }),
    }),
    openApi: routeScenario(routes.openApi, {
      description: 'GET the OpenAPI document',
      expectedStatus: 200,
      request: () => ({}),
    }),
    createTenant: routeScenario(routes.createTenant, {
      description: 'sign-up with a new email each time',
      expectedStatus: 201,
      warmLimit: {
        invocations: 150,
        reason:
          'each sign-up creates a Cognito user, which takes 30–40 ms on cognito-local and grows its data file; sign-ups are rare',
      },
      request: (index, world) => ({
        body: {
          tenantName: `Bench ${index}`,
          email: `${worldTag(world)}-${index}-${seed.tenantId.toLowerCase()}@example.test`,
          password: benchPassword,
        },
      }),
    }),
    login: routeScenario(routes.login, {
      description: 'login of the bench owner',
      expectedStatus: 200,
      request: () => ({ body: { email: seed.email, password: benchPassword } }),
    }),
    refresh: routeScenario(routes.refresh, {
      description: 'refresh with the owner’s refresh token',
      expectedStatus: 200,
      request: () => ({ body: { refreshToken: seed.refreshToken } }),
    }),
    getMe: routeScenario(routes.getMe, {
      description: 'GET /v1/me as the owner',
      expectedStatus: 200,
      request: () => ({}),
    }),
    createProject: routeScenario(routes.createProject, {
      description: 'create with an Idempotency-Key (4-item transaction)',
      expectedStatus: 201,
      request: (index) => ({
        headers: { 'Idempotency-Key': `bench-create-${index}` },
        body: { name: `Project ${index}`, description: 'Made by the benchmark', tags: ['bench'] },
      }),
    }),
    listProjects: routeScenario(routes.listProjects, {
      description: 'first page of 20, newest first',
      expectedStatus: 200,
      request: () => ({ query: { limit: '20' } }),
      gatewayRequest: () => ({ path: `${routes.listProjects.path}?limit=20`, headers: bearer }),
    }),
    getProject: routeScenario(routes.getProject, {
      description: 'GET one project',
      expectedStatus: 200,
      async prepare() {
        [readProject = ''] = await createProjects(worlds, seed, 1);
      },
      request: () => ({ pathParameters: { id: readProject } }),
      gatewayRequest: () => ({
        path: concretePath(routes.getProject.path, { id: readProject }),
        headers: bearer,
      }),
    }),
    updateProject: routeScenario(routes.updateProject, {
      description: 'rename with If-Match (read + 2-item transaction)',
      expectedStatus: 200,
      async prepare(requests) {
        projectsToUpdate = await createProjects(worlds, seed, requests);
      },
      request: (index) => ({
        pathParameters: { id: projectsToUpdate[index] ?? '' },
        headers: { 'If-Match': '"1"' },
        body: { name: `Renamed ${index}` },
      }),
    }),
    deleteProject: routeScenario(routes.deleteProject, {
      description: 'delete with If-Match (3-item transaction)',
      expectedStatus: 204,
      async prepare(requests) {
        projectsToDelete = await createProjects(worlds, seed, requests);
      },
      request: (index) => ({
        pathParameters: { id: projectsToDelete[index] ?? '' },
        headers: { 'If-Match': '"1"' },
      }),
    }),
    getUser: routeScenario(routes.getUser, {
      description: 'GET the owner as a member',
      expectedStatus: 200,
      request: () => ({ pathParameters: { userId: seed.userId } }),
    }),
    createInvitation: routeScenario(routes.createInvitation, {
      description: 'invite a new email (seat, lock, token lookup, audit; mail job queued)',
      expectedStatus: 201,
      warmLimit: {
        invocations: 300,
        reason:
          'every pending invitation holds one of the enterprise plan’s 1,000 seats for 7 days',
      },
      request: (index, world) => ({
        body: {
          email: `${worldTag(world)}-invite-${index}-${seed.tenantId.toLowerCase()}@example.test`,
          role: 'member',
        },
      }),
    }),
    createExport: routeScenario(routes.createExport, {
      description: 'start an export with an Idempotency-Key (job record + bulk job queued)',
      expectedStatus: 202,
      request: (index) => ({ headers: { 'Idempotency-Key': `bench-export-${index}` } }),
    }),
    getJob: routeScenario(routes.getJob, {
      description: 'GET a queued export job',
      expectedStatus: 200,
      async prepare() {
        const started = await invokeRoute(
          routes.createExport,
          'createExport',
          { headers: { 'Idempotency-Key': 'bench-read-job' } },
          seed,
        );
        if (started.status !== 202) throw new Error(`Seeding a job answered ${started.status}`);
        worlds.mirrorWrites(started.calls);
        await worlds.flush();
        readJob = String(bodyOf(started.result).jobId);
      },
      request: () => ({ pathParameters: { id: readJob } }),
    }),
    [authorizerId]: {
      description: 'the owner’s ID token, cache miss',
      expectedStatus: 200,
      baselineVerifiesToken: true,
      event: (_index, _world, requestId) => authorizerEvent(routes.getMe, seed.idToken, requestId),
    },
  };

  const scenarios = new Map<string, Scenario>();
  for (const fn of functions) {
    scenarios.set(fn.id, written[fn.id] ?? genericScenario(fn, tenant));
  }
  return scenarios;
}

/** For a route without a written scenario: valid-looking ids, no body for reads, `{}` for writes. */
function genericScenario(
  fn: FunctionUnderTest,
  tenant: { token: string; authorizer: AuthorizerContext },
): Scenario {
  const route = fn.route;
  if (route === undefined) throw new Error(`No scenario for ${fn.id}`);
  const id = ulid();
  const parameters = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => [match[1] ?? '', id]),
  );
  const spec: RequestSpec = {
    ...(Object.keys(parameters).length > 0 && { pathParameters: parameters }),
    ...(route.method !== 'GET' && route.method !== 'DELETE' && { body: {} }),
  };
  return {
    description: `generic ${route.method} (no scenario in bench/scenarios.ts)`,
    generic: true,
    event: (_index, _world, requestId) =>
      apiEvent(route, spec, { requestId, ...(route.auth === 'tenant' && tenant) }),
  };
}
