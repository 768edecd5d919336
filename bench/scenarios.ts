/**
 * What the bench sends each function: a realistic, successful request per route (a scenario), and a
 * generic request for routes nobody wrote a scenario for yet, so any route in shared/api/routes.ts is
 * measured. Request `index` must be valid on its own, in any order and in every world: a write to an
 * existing item gets an item seeded for that index (a project, a member, an invitation, a tenant).
 * Writes that change who may do what (sign-out, roles, ownership, deletion) act on tenants and
 * members seeded for them, never on the seed tenant's owner, whose token the other scenarios use.
 */
import { randomUUID } from 'node:crypto';
import { decodeTime, ulid } from 'ulid';
import { routes } from '#shared/api/routes.ts';
import {
  tenantContextFromAuthorizer,
  tenantScopeFromVerifiedClaims,
} from '#shared/auth/tenant-context.ts';
import { tenantKeys } from '#shared/data/keys.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { hashInvitationToken, newInvitationToken } from '#shared/invitations/model.ts';
import type { AssignableRole } from '#shared/members/model.ts';
import type { PlanName } from '#shared/tenants/plans.ts';
import {
  type AuthorizerContext,
  apiEvent,
  authorizerEvent,
  concretePath,
  type RequestSpec,
} from './events.ts';
import { authorizerId, type FunctionUnderTest } from './functions.ts';
import { invokeInProcess } from './in-process.ts';
import { type RecordedCall, recordCalls } from './instrument.ts';
import {
  itemsPut,
  type Swaps,
  type WorldName,
  type Worlds,
  worldNames,
  worldTag,
} from './world.ts';

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
  /**
   * Profiled requests run this many at a time (1 by default): for a route whose requests touch no
   * item in common.
   */
  readonly profileConcurrency?: number;
  /** The bare baseline also verifies the caller's token (the authorizer does). */
  readonly baselineVerifiesToken?: boolean;
  /** The bare baseline also pre-signs a URL for the file of the job it read (the export download does). */
  readonly baselinePresignsDownload?: boolean;
  /** Seeds what `requests` requests need, before anything is measured. */
  prepare?(requests: number): Promise<void>;
  /**
   * Values of request `index` that differ per world but cannot carry the world's tag (a refresh
   * token Cognito issued): a replay of one world's calls in another swaps each for that world's.
   */
  worldValues?(index: number, world: WorldName): readonly string[];
  /** The event of request `index` in `world`. */
  event(index: number, world: WorldName, requestId: string): unknown;
  /** A read request to load through the gateway, for the routes that take part. */
  gatewayRequest?(): { readonly path: string; readonly headers: Readonly<Record<string, string>> };
}

/**
 * Who sends a tenant route's request: the context the authorizer attached, which is all the function
 * reads, and the ID token of the `Authorization` header when the caller logged in. Owners of tenants
 * seeded one per request never log in (a Cognito write each), so their requests carry no header.
 */
export interface Caller {
  readonly token?: string;
  readonly authorizer: AuthorizerContext;
}

function invokeRoute(route: RouteDefinition, id: string, spec: RequestSpec, caller?: Caller) {
  return invokeInProcess(
    { id, entry: route.entry },
    apiEvent(route, spec, {
      requestId: randomUUID(),
      ...(caller && route.auth === 'tenant' && caller),
    }),
  );
}

function bodyOf(result: unknown): Record<string, unknown> {
  const body = (result as { body?: unknown } | undefined)?.body;
  return typeof body === 'string' && body !== ''
    ? (JSON.parse(body) as Record<string, unknown>)
    : {};
}

/** A tenant signed up for a scenario (from source, in `prof`, mirrored), and its owner. */
interface BenchTenant {
  readonly tenantId: string;
  readonly name: string;
  readonly userId: string;
  readonly email: string;
  /** The owner, without a token (see Caller). */
  readonly owner: Caller;
}

/**
 * Signs a tenant up through the createTenant function and mirrors it; on another plan than free, it
 * is moved there as billing would (free has 3 seats). The email must carry no world tag: the tenant
 * and its Cognito user are the same in every world.
 */
async function signUp(
  worlds: Worlds,
  tenantName: string,
  email: string,
  plan: PlanName = 'free',
): Promise<BenchTenant> {
  return (await signUpRecorded(worlds, tenantName, email, plan)).tenant;
}

/** signUp, and the calls the sign-up made (see tenantCopies). */
async function signUpRecorded(
  worlds: Worlds,
  tenantName: string,
  email: string,
  plan: PlanName = 'free',
): Promise<{ readonly tenant: BenchTenant; readonly calls: readonly RecordedCall[] }> {
  const signedUp = await invokeRoute(routes.createTenant, 'createTenant', {
    body: { tenantName, email, password: benchPassword },
  });
  if (signedUp.status !== 201) throw new Error(`Seed sign-up answered ${signedUp.status}`);
  worlds.mirrorWrites(signedUp.calls);
  const created = bodyOf(signedUp.result) as { tenant: { id: string }; user: { id: string } };
  const scope = tenantScopeFromVerifiedClaims(created.tenant.id);
  if (scope === undefined) throw new Error('Seed sign-up returned no tenant id');
  // As if the owner had entered the mailed code: invitation and export scenarios need a verified owner.
  worlds.updateEverywhere('UpdateItem', {
    Key: tenantKeys.member(scope, created.user.id),
    UpdateExpression: 'SET emailVerified = :verified',
    ExpressionAttributeValues: { ':verified': true },
  });
  if (plan !== 'free') {
    worlds.updateEverywhere('UpdateItem', {
      Key: tenantKeys.tenant(scope),
      UpdateExpression: 'SET #plan = :plan',
      ExpressionAttributeNames: { '#plan': 'plan' },
      ExpressionAttributeValues: { ':plan': plan },
    });
    // Invitations seeded next count seats against the plan in `prof`.
    await worlds.flush();
  }
  const authorizer = {
    tenantId: scope.tenantId,
    userId: created.user.id,
    role: 'owner',
    plan,
    mfaSetupRequired: 'false',
  };
  const tenant = {
    tenantId: scope.tenantId,
    name: tenantName,
    userId: created.user.id,
    email,
    owner: { authorizer },
  };
  return { tenant, calls: signedUp.calls };
}

/**
 * `count` free tenants of one owner each, for routes that need a tenant per request and never call
 * Cognito (a rename, a deletion): the first signed up through createTenant, the others copies of
 * what that sign-up wrote under new tenant ids, owners, emails and names, in every world. Signing
 * each up would add a Cognito user per request and take five times as long.
 */
async function tenantCopies(
  worlds: Worlds,
  count: number,
  naming: (index: number) => { readonly name: string; readonly email: string },
): Promise<BenchTenant[]> {
  const first = naming(0);
  const { tenant: template, calls } = await signUpRecorded(worlds, first.name, first.email);
  const copies = Array.from({ length: count - 1 }, (_, offset): BenchTenant => {
    const { name, email } = naming(offset + 1);
    const tenantId = ulid();
    const userId = randomUUID();
    const authorizer = { ...template.owner.authorizer, tenantId, userId };
    return { tenantId, name, userId, email, owner: { authorizer } };
  });
  await worlds.copyWrites(
    calls,
    copies.map((copy) => [
      [template.tenantId, copy.tenantId],
      [template.userId, copy.userId],
      [template.email, copy.email],
      [template.name, copy.name],
    ]),
  );
  await worlds.flush();
  return [template, ...copies];
}

interface Session {
  readonly idToken: string;
  readonly refreshToken: string;
}

/** Logs `email` in through the login function (its audit event stays in `prof`). */
async function logIn(email: string): Promise<Session> {
  const login = await invokeRoute(routes.login, 'login', {
    body: { email, password: benchPassword },
  });
  if (login.status !== 200) throw new Error(`Seed login answered ${login.status}`);
  const { idToken, refreshToken } = bodyOf(login.result);
  return { idToken: String(idToken), refreshToken: String(refreshToken) };
}

/**
 * A session of `email` straight from Cognito: the tokens the login function would hand out (it signs
 * in the same way), without its membership check and its audit event, which would stay in `prof`
 * and which no route reads. Through the function, a login took about 50 ms one at a time; this takes
 * about 5 side by side, mostly cognito-local signing three JWTs.
 */
async function signIn(email: string): Promise<Session> {
  // Imported once the bench process is the `prof` world: the shared code reads its settings once.
  const { userDirectory } = await import('#shared/identity/cognito-directory.ts');
  const { idToken, refreshToken } = await userDirectory().signIn(email, benchPassword);
  if (refreshToken === undefined) throw new Error(`Signing ${email} in gave no refresh token`);
  return { idToken, refreshToken };
}

/** Signs the bench tenant up (from source, in `prof`), mirrors it, upgrades it and logs it in. */
export async function seedTenant(worlds: Worlds): Promise<SeedTenant> {
  const email = `bench-owner-${Date.now()}@example.test`;
  // Enterprise: the warm runs create a thousand projects or more, far above the free plan's limit.
  const tenant = await signUp(worlds, 'Bench', email, 'enterprise');
  const tokens = await logIn(email);
  await worlds.flush();
  return {
    tenantId: tenant.tenantId,
    userId: tenant.userId,
    email,
    idToken: tokens.idToken,
    refreshToken: tokens.refreshToken,
    authorizer: tenant.owner.authorizer,
  };
}

/** A pending invitation, and the token its email carries. */
interface SeededInvitation {
  readonly invitationId: string;
  readonly email: string;
  readonly token: string;
}

/** An invitation seeded through the service, and the calls that seeded it (see invitationCopies). */
interface RecordedInvitation {
  readonly invitation: SeededInvitation;
  readonly calls: readonly RecordedCall[];
}

/**
 * Invites `email` to the tenant of `inviter` through the invitation service, mirrored, and returns
 * the token the email would carry (captured instead of queued, as the integration tests do).
 */
async function invite(
  worlds: Worlds,
  inviter: Caller,
  email: string,
  role: AssignableRole,
): Promise<RecordedInvitation> {
  const ctx = tenantContextFromAuthorizer(inviter.authorizer);
  if (ctx === undefined) throw new Error('Seed inviter has no tenant context');
  // Imported once the bench process is the `prof` world: the shared code reads its settings once.
  const [{ createInvitation }, { invitationStore, tenantStore }] = await Promise.all([
    import('#shared/invitations/service.ts'),
    import('#shared/data/stores.ts'),
  ]);
  let token: string | undefined;
  const { result, calls } = await recordCalls(() =>
    createInvitation(
      { ctx, meta: { requestId: randomUUID(), sourceIp: '203.0.113.7' } },
      { email, role },
      undefined,
      {
        store: invitationStore(),
        tenants: tenantStore(),
        deliver: async (_scope, mail) => {
          token = mail.token;
        },
      },
    ),
  );
  worlds.mirrorWrites(calls);
  if (token === undefined) throw new Error('Seeding an invitation delivered no token');
  return { invitation: { invitationId: result.invitation.id, email, token }, calls };
}

/**
 * Swaps that give a copy of `calls` the audit events its own requests would have written: each
 * event's id (a ULID of the event's moment, so copies sort where it does) and request id.
 */
function auditEventSwaps(calls: readonly RecordedCall[]): Swaps {
  const swaps = new Map<string, string>();
  for (const item of itemsPut(calls)) {
    if (item.type !== 'audit') continue;
    swaps.set(String(item.eventId), ulid(Date.parse(String(item.occurredAt))));
    swaps.set(String(item.requestId), randomUUID());
  }
  return [...swaps];
}

/**
 * An invitation like `template` to `email`, and the swaps that turn the template's items into its:
 * an id of its own (a ULID of the template's moment) and a real token of its own, whose hash keys
 * its lookup item as the service would, so the acceptInvitation route can redeem it.
 */
function invitationLike(
  template: SeededInvitation,
  email: string,
): { readonly invitation: SeededInvitation; readonly swaps: Swaps } {
  const invitation = {
    invitationId: ulid(decodeTime(template.invitationId)),
    email,
    token: newInvitationToken(),
  };
  return {
    invitation,
    swaps: [
      [template.invitationId, invitation.invitationId],
      [hashInvitationToken(template.token), hashInvitationToken(invitation.token)],
      [template.email, email],
    ],
  };
}

/**
 * A pending invitation like `template`'s (same tenant, inviter and role) to each of `emails`:
 * copies of what the service wrote (see Worlds.copyWrites), so each holds a seat, its email's lock
 * and a token lookup of its own, and the seat count is raised under the plan's limit as the
 * service raises it. Through the service, each took about 15 ms; a copy takes about 3.
 */
async function invitationCopies(
  worlds: Worlds,
  template: RecordedInvitation,
  emails: readonly string[],
): Promise<SeededInvitation[]> {
  const copies = emails.map((email) => invitationLike(template.invitation, email));
  await worlds.copyWrites(
    template.calls,
    copies.map(({ swaps }) => [...swaps, ...auditEventSwaps(template.calls)]),
  );
  return copies.map(({ invitation }) => invitation);
}

/** Invitations of `inviter`'s tenant to `emails`: the first through the service, the rest copies. */
async function seedInvitations(
  worlds: Worlds,
  inviter: Caller,
  emails: readonly string[],
): Promise<SeededInvitation[]> {
  const [first, ...others] = emails;
  if (first === undefined) return [];
  const template = await invite(worlds, inviter, first, 'member');
  return [template.invitation, ...(await invitationCopies(worlds, template, others))];
}

interface SeededMember {
  readonly userId: string;
  readonly email: string;
  /** What the authorizer attaches to the member's own requests. */
  readonly authorizer: AuthorizerContext;
}

/** A member seeded through the API, and the calls that seeded it (see memberCopies). */
interface RecordedMember {
  readonly member: SeededMember;
  readonly role: AssignableRole;
  /** The invitation it accepted. */
  readonly invitation: SeededInvitation;
  readonly calls: readonly RecordedCall[];
}

/**
 * Adds a member to `tenant`: invited, then accepted through the acceptInvitation function, mirrored.
 * The email must carry no world tag: the member and its Cognito user are the same in every world.
 */
async function addMember(
  worlds: Worlds,
  tenant: BenchTenant,
  email: string,
  role: AssignableRole,
): Promise<SeededMember> {
  return (await addMemberRecorded(worlds, tenant, email, role)).member;
}

/** addMember, and the calls the invitation and its acceptance made. */
async function addMemberRecorded(
  worlds: Worlds,
  tenant: BenchTenant,
  email: string,
  role: AssignableRole,
): Promise<RecordedMember> {
  const { invitation, calls: invited } = await invite(worlds, tenant.owner, email, role);
  const accepted = await invokeRoute(routes.acceptInvitation, 'acceptInvitation', {
    body: { token: invitation.token, password: benchPassword },
  });
  if (accepted.status !== 201) throw new Error(`Seeding a member answered ${accepted.status}`);
  worlds.mirrorWrites(accepted.calls);
  const userId = String((bodyOf(accepted.result).user as { id?: unknown } | undefined)?.id);
  return {
    member: { userId, email, authorizer: { ...tenant.owner.authorizer, userId, role } },
    role,
    invitation,
    calls: [...invited, ...accepted.calls],
  };
}

/** Members copied at once: their Cognito users are made while the worlds write the chunk before. */
const memberCopyChunk = 48;

/**
 * A member like `template`'s (same tenant and role) with each of `emails`. Each gets the Cognito
 * user the acceptance would have created (same attributes, permanent password), whose `sub` is its
 * user id, and copies of what the template's invitation and acceptance wrote (see
 * Worlds.copyWrites): an accepted invitation, member item, email guard and audit events, and one
 * more seat, counted under the plan's limit. Through the API, each took about 50 ms; a copy takes
 * about 6. The email must carry no world tag, as in addMember.
 */
async function memberCopies(
  worlds: Worlds,
  template: RecordedMember,
  emails: readonly string[],
): Promise<SeededMember[]> {
  // Imported once the bench process is the `prof` world: the shared code reads its settings once.
  const { userDirectory } = await import('#shared/identity/cognito-directory.ts');
  const { member, role, invitation, calls } = template;
  const tenantId = member.authorizer.tenantId;
  if (tenantId === undefined) throw new Error('The template member has no tenant');
  const copies: SeededMember[] = [];
  for (let start = 0; start < emails.length; start += memberCopyChunk) {
    const chunk = emails.slice(start, start + memberCopyChunk);
    const made = await seedSideBySide(chunk.length, async (offset) => {
      const email = seeded(chunk, offset);
      const { userId } = await userDirectory().createUser({
        email,
        password: benchPassword,
        tenantId,
        role,
      });
      return { userId, email, authorizer: { ...member.authorizer, userId } };
    });
    await worlds.copyWrites(
      calls,
      made.map(
        (copy): Swaps => [
          [member.userId, copy.userId],
          ...invitationLike(invitation, copy.email).swaps,
          ...auditEventSwaps(calls),
        ],
      ),
    );
    copies.push(...made);
  }
  return copies;
}

/** Members of `tenant` with `emails`: the first added through the API, the others copies of it. */
async function seedMembers(
  worlds: Worlds,
  tenant: BenchTenant,
  emails: readonly string[],
): Promise<SeededMember[]> {
  const [first, ...others] = emails;
  if (first === undefined) return [];
  const template = await addMemberRecorded(worlds, tenant, first, 'member');
  return [template.member, ...(await memberCopies(worlds, template, others))];
}

/**
 * `make(index)` for every index below `count`, one after the other: seeds of one tenant written at
 * once would conflict on its counters item (and seeding side by side was measured no faster: the
 * emulators are the bottleneck).
 */
async function seedEach<T>(count: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const made: T[] = [];
  for (let index = 0; index < count; index++) made.push(await make(index));
  return made;
}

/**
 * `make(index)` for every index below `count`, in rounds of `sideBySide`, in index order: for seeds
 * that touch no DynamoDB item and wait on cognito-local, which runs in a process of its own, so
 * their calls overlap (a Cognito user took 15 ms one at a time, 2 to 5 ms 8 at a time).
 */
async function seedSideBySide<T>(
  count: number,
  make: (index: number) => Promise<T>,
  sideBySide = 8,
): Promise<T[]> {
  const made: T[] = [];
  for (let start = 0; start < count; start += sideBySide) {
    const round = Array.from({ length: Math.min(sideBySide, count - start) }, (_, offset) =>
      make(start + offset),
    );
    made.push(...(await Promise.all(round)));
  }
  return made;
}

/** The item seeded for request `index`. */
function seeded<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`Nothing seeded for request ${index}`);
  return item;
}

/** Creates `count` projects through the createProject function, mirrored to every world. */
async function createProjects(worlds: Worlds, seed: SeedTenant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const created = await invokeRoute(
      routes.createProject,
      'createProject',
      { body: { name: `Seed ${index}`, tags: ['bench'] } },
      { token: seed.idToken, authorizer: seed.authorizer },
    );
    if (created.status !== 201) throw new Error(`Seeding a project answered ${created.status}`);
    worlds.mirrorWrites(created.calls);
    ids.push(String(bodyOf(created.result).id));
  }
  await worlds.flush();
  return ids;
}

/**
 * `count` projects of the seed tenant for requests that each remove one: the first created through
 * the createProject function, the others copies of what it wrote (see Worlds.copyWrites) under ids
 * and names of their own, with the tenant's project count raised as the function raises it.
 * Through the function, each took about 10 ms.
 */
async function projectCopies(worlds: Worlds, seed: SeedTenant, count: number): Promise<string[]> {
  const created = await invokeRoute(
    routes.createProject,
    'createProject',
    { body: { name: 'Seed 0', tags: ['bench'] } },
    { token: seed.idToken, authorizer: seed.authorizer },
  );
  if (created.status !== 201) throw new Error(`Seeding a project answered ${created.status}`);
  worlds.mirrorWrites(created.calls);
  await worlds.flush();
  const template = String(bodyOf(created.result).id);
  const ids = Array.from({ length: count - 1 }, () => ulid(decodeTime(template)));
  await worlds.copyWrites(
    created.calls,
    ids.map((id, offset) => [
      [template, id],
      ['Seed 0', `Seed ${offset + 1}`],
      ...auditEventSwaps(created.calls),
    ]),
  );
  await worlds.flush();
  return [template, ...ids];
}

/**
 * Runs the export job `jobId` of `tenant` as the bulk worker would, in `prof`: the file lands in the
 * exports bucket, which every world shares (same tenant and job ids), and the job record's writes
 * are mirrored, so every world holds a succeeded export with a real file.
 */
async function runSeedExport(worlds: Worlds, tenant: BenchTenant, jobId: string): Promise<void> {
  const scope = tenantScopeFromVerifiedClaims(tenant.tenantId);
  if (scope === undefined) throw new Error('Seed export has no tenant');
  // Imported once the bench process is the `prof` world: the shared code reads its settings once.
  const [{ runExport }, { exportStorage }, { jobRecordStore, tenantDataReader }] =
    await Promise.all([
      import('#shared/exports/export-job.ts'),
      import('#shared/exports/s3-export-storage.ts'),
      import('#shared/data/stores.ts'),
    ]);
  const job = {
    kind: 'data.export',
    id: jobId,
    tenantId: tenant.tenantId,
    payload: { requestedBy: tenant.userId },
    enqueuedAt: new Date().toISOString(),
  } as const;
  const { calls } = await recordCalls(() =>
    runExport(job, scope, {
      reader: tenantDataReader(),
      storage: exportStorage(),
      records: jobRecordStore(),
    }),
  );
  worlds.mirrorWrites(calls);
  await worlds.flush();
}

/**
 * Builds every scenario for `functions`: the written ones, and generic ones for the rest. Requests
 * from `inOrderFrom` on reach every world, each of them, one at a time and in index order; so a write
 * among them may act on the state the one before it left (see `stepOf`).
 */
export function createScenarios(
  worlds: Worlds,
  seed: SeedTenant,
  functions: readonly FunctionUnderTest[],
  inOrderFrom: number,
): Map<string, Scenario> {
  /**
   * For a route whose requests can take turns on one item (a rename, a role change): request `index`
   * acts on seeded item `slot`, the `step`-th request to act on it. The requests before `inOrderFrom`
   * have an item each; the in-order ones share the next.
   */
  const stepOf = (index: number): { readonly slot: number; readonly step: number } =>
    index < inOrderFrom
      ? { slot: index, step: 0 }
      : { slot: inOrderFrom, step: index - inOrderFrom };
  /** How many items the `stepOf` requests need: one per out-of-order request, one for the rest. */
  const slotsFor = (requests: number): number => Math.min(requests, inOrderFrom + 1);
  const owner: Caller = { token: seed.idToken, authorizer: seed.authorizer };
  const bearer = { authorization: `Bearer ${seed.idToken}` };
  const routeScenario = (
    route: RouteDefinition,
    scenario: Omit<Scenario, 'event'> & {
      request(index: number, world: WorldName): RequestSpec;
      /** Who sends request `index` of a tenant route: the seed tenant's owner unless said. */
      caller?(index: number, world: WorldName): Caller;
    },
  ): Scenario => {
    const { request, caller, ...rest } = scenario;
    return {
      ...rest,
      event: (index, world, requestId) =>
        apiEvent(route, request(index, world), {
          requestId,
          ...(route.auth === 'tenant' && (caller?.(index, world) ?? owner)),
        }),
    };
  };
  /** Part of every seeded email: unique to this run, lower case as the API stores emails. */
  const run = seed.tenantId.toLowerCase();
  const seededEmail = (purpose: string, index?: number): string =>
    `bench-${purpose}${index === undefined ? '' : `-${index}`}-${run}@example.test`;
  /** A tenant for one scenario, on `plan`, whose owner has logged in (one Cognito user). */
  const scenarioTenant = async (
    purpose: string,
    plan: PlanName,
  ): Promise<BenchTenant & { readonly owner: Caller & { readonly token: string } }> => {
    const email = seededEmail(`${purpose}-owner`);
    const tenant = await signUp(worlds, `Bench ${purpose}`, email, plan);
    const { idToken } = await logIn(email);
    return { ...tenant, owner: { ...tenant.owner, token: idToken } };
  };
  /**
   * An item for each of `requests` requests, from two tenants of `purpose` that take turns (request
   * `index` is tenant `index % 2`'s): a member or a pending invitation holds one of the plan's seats,
   * and a full run needs more than the enterprise plan's 1,000. `seedFor` returns the items of one
   * tenant's requests, in the order of `indexes`.
   */
  const inTurns = async <T>(
    purpose: string,
    requests: number,
    seedFor: (
      tenant: Awaited<ReturnType<typeof scenarioTenant>>,
      indexes: readonly number[],
    ) => Promise<readonly T[]>,
  ): Promise<T[]> => {
    const items: T[] = [];
    for (const turn of [0, 1]) {
      const indexes = Array.from(
        { length: Math.max(0, Math.ceil((requests - turn) / 2)) },
        (_, n) => turn + 2 * n,
      );
      if (indexes.length === 0) continue;
      const tenant = await scenarioTenant(turn === 0 ? purpose : `${purpose}-2`, 'enterprise');
      const made = await seedFor(tenant, indexes);
      for (const [n, index] of indexes.entries()) items[index] = seeded(made, n);
    }
    return items;
  };
  /** A tenant of its own for each of `requests` requests (its owner never logs in, see Caller). */
  const tenantsPerRequest = (purpose: string, requests: number) =>
    tenantCopies(worlds, requests, (index) => ({
      name: `Bench ${purpose} ${index}`,
      email: seededEmail(purpose, index),
    }));

  // Every member costs a Cognito user, so the team's members serve routes that leave each other's
  // preconditions alone, whichever runs first: a logout sets only the member's `signedOutAt`, a
  // role change only its role and version, and the listing reads, so logout, updateUser and
  // listUsers share them (deleteUser removes its own).
  let team: ReturnType<typeof scenarioTenant> | undefined;
  /** Members of one team tenant, whose seats the enterprise plan's 1,000 hold with room. */
  const membersPerTeam = 600;
  /** The member the others of each team tenant are copies of, by tenant. */
  const teamTemplates: RecordedMember[] = [];
  const teamMembers: SeededMember[] = [];
  /**
   * The team's tenant and at least `count` members, seeded on first need (their writes still queued:
   * flush before the requests). Past membersPerTeam they belong to further tenants, whose owners
   * nobody acts as: only logout needs that many, and each logout acts as the member it signs out.
   */
  const ensureTeam = async (count: number) => {
    team ??= scenarioTenant('team', 'enterprise');
    const tenant = await team;
    while (teamMembers.length < count) {
      const teamIndex = Math.floor(teamMembers.length / membersPerTeam);
      const template = teamTemplates[teamIndex];
      if (template === undefined) {
        const home =
          teamIndex === 0
            ? tenant
            : await signUp(
                worlds,
                `Bench team ${teamIndex}`,
                seededEmail(`team-${teamIndex}-owner`),
                'enterprise',
              );
        const first = seededEmail('team', teamMembers.length);
        const added = await addMemberRecorded(worlds, home, first, 'member');
        teamTemplates.push(added);
        teamMembers.push(added.member);
      } else {
        const end = Math.min(count, (teamIndex + 1) * membersPerTeam);
        const emails = Array.from({ length: end - teamMembers.length }, (_, offset) =>
          seededEmail('team', teamMembers.length + offset),
        );
        teamMembers.push(...(await memberCopies(worlds, template, emails)));
      }
    }
    return tenant;
  };
  let readProject = '';
  let readJob = '';
  let downloadsOwner = owner;
  let jobToDownload = '';
  let projectsToUpdate: string[] = [];
  let projectsToDelete: string[] = [];
  let sessions: Partial<Record<WorldName, Session>>[] = [];
  /** The logout session of request `index` in `world`. */
  const sessionOf = (index: number, world: WorldName): Session => {
    const session = seeded(sessions, index)[world];
    if (session === undefined) throw new Error(`No ${world} session seeded for request ${index}`);
    return session;
  };
  let teamOwner = owner;
  let removals: { readonly owner: Caller; readonly userId: string }[] = [];
  let inviters: Caller[] = [];
  let invitationsOwner = owner;
  let revocations: { readonly owner: Caller; readonly invitationId: string }[] = [];
  let invitationTokens: string[] = [];
  let tenantsToRename: BenchTenant[] = [];
  let handovers: { readonly owner: Caller; readonly admin: SeededMember }[] = [];
  let tenantsToDelete: BenchTenant[] = [];

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
      // Sign-ups of different emails share nothing, so they profile side by side.
      profileConcurrency: 8,
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
      // Each login writes an audit event of its own and nothing else, so they profile side by side.
      profileConcurrency: 8,
      request: () => ({ body: { email: seed.email, password: benchPassword } }),
    }),
    refresh: routeScenario(routes.refresh, {
      description: 'refresh with the owner’s refresh token',
      expectedStatus: 200,
      request: () => ({ body: { refreshToken: seed.refreshToken } }),
    }),
    logout: routeScenario(routes.logout, {
      description:
        'a member logs out (sign-out time + audit in one transaction, refresh token revoked)',
      expectedStatus: 204,
      // Each request signs a member of its own out, so the profile's requests run side by side
      // (Powertools warns about the metrics they share in the bench process, which publishes none).
      profileConcurrency: 8,
      async prepare(requests) {
        await ensureTeam(requests);
        // A session per world: each world's logout revokes a live refresh token of its own. Only
        // the profiled requests (the cold ones, before `inOrderFrom`) run in `prof`. The sign-ins
        // need only the members' Cognito users, so they run while the worlds write.
        const wanted = Array.from({ length: requests }, (_, index) =>
          worldNames.filter((world) => world !== 'prof' || index < inOrderFrom),
        ).flatMap((inWorlds, index) => inWorlds.map((world) => ({ index, world })));
        const signedIn = await seedSideBySide(wanted.length, (n) =>
          signIn(seeded(teamMembers, seeded(wanted, n).index).email),
        );
        sessions = Array.from({ length: requests }, () => ({}));
        wanted.forEach(({ index, world }, n) => {
          seeded(sessions, index)[world] = seeded(signedIn, n);
        });
        await worlds.flush();
      },
      caller: (index, world) => ({
        token: sessionOf(index, world).idToken,
        authorizer: seeded(teamMembers, index).authorizer,
      }),
      request: (index, world) => ({
        body: { refreshToken: sessionOf(index, world).refreshToken },
      }),
      worldValues: (index, world) => [sessionOf(index, world).refreshToken],
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
        projectsToUpdate = await createProjects(worlds, seed, slotsFor(requests));
      },
      request: (index) => {
        const { slot, step } = stepOf(index);
        return {
          pathParameters: { id: seeded(projectsToUpdate, slot) },
          headers: { 'If-Match': `"${step + 1}"` },
          body: { name: `Renamed ${index}` },
        };
      },
    }),
    deleteProject: routeScenario(routes.deleteProject, {
      description: 'delete with If-Match (3-item transaction)',
      expectedStatus: 204,
      async prepare(requests) {
        projectsToDelete = await projectCopies(worlds, seed, requests);
      },
      request: (index) => ({
        pathParameters: { id: projectsToDelete[index] ?? '' },
        headers: { 'If-Match': '"1"' },
      }),
    }),
    listUsers: routeScenario(routes.listUsers, {
      description: 'first page of 20 of the team’s members (21 or more)',
      expectedStatus: 200,
      async prepare() {
        teamOwner = (await ensureTeam(20)).owner;
        await worlds.flush();
      },
      caller: () => teamOwner,
      request: () => ({ query: { limit: '20' } }),
    }),
    getUser: routeScenario(routes.getUser, {
      description: 'GET the owner as a member',
      expectedStatus: 200,
      request: () => ({ pathParameters: { userId: seed.userId } }),
    }),
    updateUser: routeScenario(routes.updateUser, {
      description:
        'promote a team member to admin, or back, with If-Match (read + 2-item transaction; Cognito role claim)',
      expectedStatus: 200,
      async prepare(requests) {
        teamOwner = (await ensureTeam(slotsFor(requests))).owner;
        await worlds.flush();
      },
      caller: () => teamOwner,
      request: (index) => {
        const { slot, step } = stepOf(index);
        return {
          pathParameters: { userId: seeded(teamMembers, slot).userId },
          headers: { 'If-Match': `"${step + 1}"` },
          body: { role: step % 2 === 0 ? 'admin' : 'member' },
        };
      },
    }),
    deleteUser: routeScenario(routes.deleteUser, {
      description:
        'remove a member with If-Match (read, Cognito user disabled, 3-item transaction)',
      expectedStatus: 204,
      async prepare(requests) {
        // Every request removes a member of its own: a Cognito user each, and copies of one
        // member's items (see memberCopies).
        removals = await inTurns('removals', requests, async (tenant, indexes) => {
          const emails = indexes.map((index) => seededEmail('removals', index));
          const members = await seedMembers(worlds, tenant, emails);
          return members.map(({ userId }) => ({ owner: tenant.owner, userId }));
        });
        await worlds.flush();
      },
      caller: (index) => seeded(removals, index).owner,
      request: (index) => ({
        pathParameters: { userId: seeded(removals, index).userId },
        headers: { 'If-Match': '"1"' },
      }),
    }),
    transferOwnership: routeScenario(routes.transferOwnership, {
      description:
        'the owner hands the tenant to an admin (2 reads + 3-item transaction; 2 Cognito role claims)',
      expectedStatus: 200,
      async prepare(requests) {
        handovers = await seedEach(slotsFor(requests), async (index) => {
          const tenant = await signUp(
            worlds,
            `Bench handover ${index}`,
            seededEmail('handover', index),
          );
          const admin = await addMember(
            worlds,
            tenant,
            seededEmail('handover-admin', index),
            'admin',
          );
          return { owner: tenant.owner, admin };
        });
        await worlds.flush();
      },
      // The owner and the admin hand the tenant back and forth, each as owner in turn.
      caller: (index) => {
        const { slot, step } = stepOf(index);
        const { owner, admin } = seeded(handovers, slot);
        return step % 2 === 0 ? owner : { authorizer: { ...admin.authorizer, role: 'owner' } };
      },
      request: (index) => {
        const { slot, step } = stepOf(index);
        const { owner, admin } = seeded(handovers, slot);
        return { body: { userId: step % 2 === 0 ? admin.userId : owner.authorizer.userId } };
      },
    }),
    getTenant: routeScenario(routes.getTenant, {
      description: 'GET the tenant with its ETag',
      expectedStatus: 200,
      request: () => ({}),
    }),
    updateTenant: routeScenario(routes.updateTenant, {
      description: 'rename with If-Match (2-item transaction, then the tenant read back)',
      expectedStatus: 200,
      // Each request renames a tenant of its own: nothing in common, so they profile side by side.
      profileConcurrency: 8,
      async prepare(requests) {
        tenantsToRename = await tenantsPerRequest('rename', requests);
      },
      caller: (index) => seeded(tenantsToRename, index).owner,
      request: (index) => ({
        headers: { 'If-Match': '"1"' },
        body: { name: `Renamed ${index}` },
      }),
    }),
    createInvitation: routeScenario(routes.createInvitation, {
      description: 'invite a new email (seat, lock, token lookup, audit; mail job queued)',
      expectedStatus: 201,
      async prepare() {
        // Every pending invitation holds one of the enterprise plan's 1,000 seats for 7 days, so two
        // tenants take turns: about 520 invitations each in every world.
        inviters = [owner, (await scenarioTenant('inviter', 'enterprise')).owner];
      },
      caller: (index) => seeded(inviters, index % 2),
      request: (index, world) => ({
        body: {
          email: `${worldTag(world)}-invite-${index}-${seed.tenantId.toLowerCase()}@example.test`,
          role: 'member',
        },
      }),
    }),
    listInvitations: routeScenario(routes.listInvitations, {
      description: 'first page of 20 of a tenant’s 21 pending invitations, newest first',
      expectedStatus: 200,
      async prepare() {
        const tenant = await scenarioTenant('invites', 'pro');
        invitationsOwner = tenant.owner;
        await seedEach(21, (index) =>
          invite(worlds, tenant.owner, seededEmail('invites', index), 'member'),
        );
        await worlds.flush();
      },
      caller: () => invitationsOwner,
      request: () => ({ query: { limit: '20' } }),
    }),
    deleteInvitation: routeScenario(routes.deleteInvitation, {
      description: 'revoke a pending invitation (read + 5-item transaction: seat and lock freed)',
      expectedStatus: 204,
      async prepare(requests) {
        // Every request revokes a pending invitation of its own (see invitationCopies).
        revocations = await inTurns('revoke', requests, async (tenant, indexes) => {
          const emails = indexes.map((index) => seededEmail('revoke', index));
          const invitations = await seedInvitations(worlds, tenant.owner, emails);
          return invitations.map(({ invitationId }) => ({ owner: tenant.owner, invitationId }));
        });
        await worlds.flush();
      },
      caller: (index) => seeded(revocations, index).owner,
      request: (index) => ({ pathParameters: { id: seeded(revocations, index).invitationId } }),
    }),
    acceptInvitation: routeScenario(routes.acceptInvitation, {
      description:
        'accept with the emailed token and a password (4 reads, a Cognito user, 7-item transaction)',
      expectedStatus: 201,
      async prepare(requests) {
        // Every request redeems an invitation of its own (see invitationCopies). The email carries
        // the world's tag: each world's copy of the invitation makes its own user.
        const invitations = await inTurns('accept', requests, (tenant, indexes) =>
          seedInvitations(
            worlds,
            tenant.owner,
            indexes.map((index) => `${worldTag('prof')}-accept-${index}-${run}@example.test`),
          ),
        );
        invitationTokens = invitations.map(({ token }) => token);
        await worlds.flush();
      },
      request: (index) => ({
        body: { token: seeded(invitationTokens, index), password: benchPassword },
      }),
    }),
    listAudit: routeScenario(routes.listAudit, {
      description: 'first page of 20 events, newest first',
      expectedStatus: 200,
      async prepare() {
        // Twenty audited writes at least, whichever scenarios run.
        await createProjects(worlds, seed, 20);
      },
      request: () => ({ query: { limit: '20' } }),
    }),
    deleteTenant: routeScenario(routes.deleteTenant, {
      description:
        'the owner deletes the tenant, confirming its name (read + 3-item transaction, bulk job queued; the deletion itself is that job’s, not measured here)',
      expectedStatus: 202,
      // Each request deletes a tenant of its own: nothing in common, so they profile side by side.
      profileConcurrency: 8,
      async prepare(requests) {
        tenantsToDelete = await tenantsPerRequest('offboard', requests);
      },
      caller: (index) => seeded(tenantsToDelete, index).owner,
      request: (index) => ({ body: { confirm: seeded(tenantsToDelete, index).name } }),
    }),
    createExport: routeScenario(routes.createExport, {
      description: 'start an export with an Idempotency-Key (job record + bulk job queued)',
      expectedStatus: 202,
      request: (index) => ({ headers: { 'Idempotency-Key': `bench-export-${index}` } }),
    }),
    listJobs: routeScenario(routes.listJobs, {
      description: 'first page of 20 jobs, newest first',
      expectedStatus: 200,
      async prepare() {
        await seedEach(20, async (index) => {
          const started = await invokeRoute(
            routes.createExport,
            'createExport',
            { headers: { 'Idempotency-Key': `bench-list-job-${index}` } },
            owner,
          );
          if (started.status !== 202) throw new Error(`Seeding a job answered ${started.status}`);
          worlds.mirrorWrites(started.calls);
        });
        await worlds.flush();
      },
      request: () => ({ query: { limit: '20' } }),
    }),
    getJob: routeScenario(routes.getJob, {
      description: 'GET a queued export job',
      expectedStatus: 200,
      async prepare() {
        const started = await invokeRoute(
          routes.createExport,
          'createExport',
          { headers: { 'Idempotency-Key': 'bench-read-job' } },
          owner,
        );
        if (started.status !== 202) throw new Error(`Seeding a job answered ${started.status}`);
        worlds.mirrorWrites(started.calls);
        await worlds.flush();
        readJob = String(bodyOf(started.result).jobId);
      },
      request: () => ({ pathParameters: { id: readJob } }),
    }),
    downloadJobResult: routeScenario(routes.downloadJobResult, {
      description:
        'redirect to the file of a succeeded export (GetItem, then a 15-minute URL signed)',
      expectedStatus: 302,
      // Signing is the route's contract, not framework cost: the baseline signs the same way.
      baselinePresignsDownload: true,
      async prepare() {
        // A tenant of its own keeps the export small, whichever scenarios wrote to the seed tenant.
        const tenant = await signUp(worlds, 'Bench download', seededEmail('download-owner'));
        downloadsOwner = tenant.owner;
        const started = await invokeRoute(routes.createExport, 'createExport', {}, tenant.owner);
        if (started.status !== 202) throw new Error(`Seeding an export answered ${started.status}`);
        worlds.mirrorWrites(started.calls);
        await worlds.flush();
        jobToDownload = String(bodyOf(started.result).jobId);
        await runSeedExport(worlds, tenant, jobToDownload);
      },
      caller: () => downloadsOwner,
      request: () => ({ pathParameters: { id: jobToDownload } }),
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
    scenarios.set(fn.id, written[fn.id] ?? genericScenario(fn, owner));
  }
  return scenarios;
}

/** For a route without a written scenario: valid-looking ids, no body for reads, `{}` for writes. */
function genericScenario(fn: FunctionUnderTest, tenant: Caller): Scenario {
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
