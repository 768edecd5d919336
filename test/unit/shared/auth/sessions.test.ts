/**
 * Sign-out and the login right after it. Tokens carry whole seconds, so a logout answers at once and
 * only a login in the very second of a sign-out waits for the next one (on a fake clock here).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditStore } from '#shared/audit/model.ts';
import { SignedOutError } from '#shared/auth/authorize.ts';
import { logIn, signOut } from '#shared/auth/sessions.ts';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import type { TokenVerifier } from '#shared/auth/token-verifier.ts';
import { UnauthorizedError } from '#shared/errors.ts';
import type { AuthTokens, UserDirectory } from '#shared/identity/model.ts';
import type { Member, Tenant, TenantStore } from '#shared/tenants/model.ts';

const tenantId = '01JD3ZP5Q9W8X7V6T5S4R3Q2P1';
const userId = 'user-1';
const meta = { requestId: 'r', sourceIp: 'ip' };
const credentials = { email: 'dana@acme.test', password: 'correct horse' };
/** The second of the member's last sign-out, in epoch seconds. */
const signedOutAt = Date.parse('2026-11-24T10:00:05Z') / 1000;

interface LoginWorld {
  readonly deps: Parameters<typeof logIn>[2];
  readonly directory: {
    signIn: ReturnType<typeof vi.fn>;
    revokeRefreshToken: ReturnType<typeof vi.fn>;
  };
  readonly audit: { record: ReturnType<typeof vi.fn> };
  /** The fake clock (epoch ms) at each sign-in. */
  readonly signInTimes: number[];
}

/**
 * A directory that issues tokens authenticated at the given seconds, one per sign-in, a member
 * signed out at `signedOutAt`, and a clock that starts 300 ms into that second and moves only when
 * the code under test sleeps.
 */
function loginWorld(authTimes: readonly number[], member: Partial<Member> = {}): LoginWorld {
  let clock = signedOutAt * 1000 + 300;
  const claimsByToken = new Map<
    string,
    { sub: string; 'custom:tenantId': string; auth_time: number }
  >();
  const signInTimes: number[] = [];
  const directory = {
    signIn: vi.fn(async (): Promise<AuthTokens> => {
      const n = signInTimes.length;
      const authTime = authTimes[n];
      if (authTime === undefined) throw new Error(`unexpected sign-in #${n + 1}`);
      signInTimes.push(clock);
      const idToken = `id-${n}`;
      claimsByToken.set(idToken, { sub: userId, 'custom:tenantId': tenantId, auth_time: authTime });
      return {
        idToken,
        accessToken: `access-${n}`,
        refreshToken: `refresh-${n}`,
        expiresIn: 3600,
        tokenType: 'Bearer',
      };
    }),
    revokeRefreshToken: vi.fn(async (): Promise<void> => undefined),
  };
  const verifier: TokenVerifier = {
    verify: async (token) => {
      const claims = claimsByToken.get(token);
      if (!claims) throw new UnauthorizedError('Token is invalid or expired');
      return claims;
    },
  };
  const tenant: Tenant = {
    tenantId,
    name: 'Acme',
    plan: 'free',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
  };
  const storedMember: Member = {
    tenantId,
    userId,
    email: credentials.email,
    role: 'member',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    signedOutAt,
    ...member,
  };
  const store = { getTenantAndMember: async () => ({ tenant, member: storedMember }) };
  const audit = { record: vi.fn(async (): Promise<void> => undefined) };
  return {
    deps: {
      directory: directory as unknown as UserDirectory,
      verifier,
      store: store as unknown as TenantStore,
      audit: audit as unknown as AuditStore,
      now: () => new Date(clock),
      sleep: async (ms) => {
        clock += ms;
      },
    },
    directory,
    audit,
    signInTimes,
  };
}

describe('signOut', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('records the sign-out second and revokes the refresh token, and answers without waiting', async () => {
    // Prepare: with timers frozen, any wait for the next second would never end
    vi.useFakeTimers();
    const ctx = tenantContextFromAuthorizer({
      tenantId,
      userId,
      role: 'viewer',
      plan: 'free',
      mfaSetupRequired: 'false',
    });
    if (!ctx) throw new Error('no context');
    const { store, directory, verifier } = signOutWorld(userId);
    const at = new Date('2026-11-24T10:00:05.300Z');

    // Act
    await signOut({ ctx, meta }, 'refresh-1', {
      store: store as unknown as TenantStore,
      directory: directory as unknown as UserDirectory,
      verifier,
      now: () => at,
    });

    // Assess
    expect(store.signOut).toHaveBeenCalledWith(
      ctx,
      userId,
      signedOutAt,
      expect.objectContaining({ action: 'auth.logout', actorId: userId }),
    );
    expect(directory.revokeRefreshToken).toHaveBeenCalledWith('refresh-1');
  });

  it.each([
    ["another user's token", () => signOutWorld('someone-else')],
    ['a token Cognito refuses', () => signOutWorld(userId, new UnauthorizedError('revoked'))],
  ])('refuses %s with 404, recording and revoking nothing', async (_case, world) => {
    // Prepare
    const ctx = tenantContextFromAuthorizer({ tenantId, userId, role: 'viewer', plan: 'free' });
    if (!ctx) throw new Error('no context');
    const { store, directory, verifier } = world();

    // Act
    const attempt = signOut({ ctx, meta }, 'refresh-of-someone', {
      store: store as unknown as TenantStore,
      directory: directory as unknown as UserDirectory,
      verifier,
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'not_found',
      message: 'No current session of yours has this refresh token',
    });
    expect(store.signOut).not.toHaveBeenCalled();
    expect(directory.revokeRefreshToken).not.toHaveBeenCalled();
  });
});

/** A directory whose refresh tokens belong to `owner` (or fail with `refusal`), and a store. */
function signOutWorld(owner: string, refusal?: Error) {
  return {
    store: { signOut: vi.fn(async () => undefined) },
    directory: {
      refresh: vi.fn(async () => {
        if (refusal) throw refusal;
        return { idToken: `id-of-${owner}` };
      }),
      revokeRefreshToken: vi.fn(async () => undefined),
    },
    verifier: {
      verify: async (token: string) => ({ sub: token.replace('id-of-', '') }),
    } as unknown as TokenVerifier,
  };
}

describe('logIn', () => {
  it('signs in at once when the sign-out was in an earlier second', async () => {
    // Prepare
    const world = loginWorld([signedOutAt + 1]);

    // Act
    const tokens = await logIn(credentials, meta, world.deps);

    // Assess
    expect(tokens.idToken).toBe('id-0');
    expect(world.directory.signIn).toHaveBeenCalledTimes(1);
    expect(world.directory.revokeRefreshToken).not.toHaveBeenCalled();
    expect(world.audit.record).toHaveBeenCalledTimes(1);
  });

  it('in the very second of a sign-out, discards that session, waits for the next second and signs in again', async () => {
    // Prepare: the first sign-in lands in the sign-out second, the second one after it
    const world = loginWorld([signedOutAt, signedOutAt + 1]);

    // Act
    const tokens = await logIn(credentials, meta, world.deps);

    // Assess
    expect(tokens).toMatchObject({ idToken: 'id-1', refreshToken: 'refresh-1' });
    expect(world.directory.revokeRefreshToken).toHaveBeenCalledExactlyOnceWith('refresh-0');
    expect(world.signInTimes).toHaveLength(2);
    expect(world.signInTimes[1]).toBeGreaterThanOrEqual((signedOutAt + 1) * 1000);
    expect(world.audit.record).toHaveBeenCalledTimes(1);
    expect(world.audit.record).toHaveBeenCalledWith(
      expect.objectContaining({ tenantId, userId }),
      expect.objectContaining({ action: 'auth.login', actorId: userId }),
    );
  });

  it('tries again only once: a second refusal answers 401 and records no login', async () => {
    // Prepare: Cognito's clock still says the sign-out second after the wait
    const world = loginWorld([signedOutAt, signedOutAt]);

    // Act
    const login = logIn(credentials, meta, world.deps);

    // Assess
    await expect(login).rejects.toThrow(SignedOutError);
    await expect(login).rejects.toMatchObject({
      code: 'unauthorized',
      message: 'Signed out',
      details: null,
    });
    expect(world.directory.signIn).toHaveBeenCalledTimes(2);
    expect(world.audit.record).not.toHaveBeenCalled();
  });

  it('still refuses, at once, a token authenticated before the sign-out second', async () => {
    // Prepare
    const world = loginWorld([signedOutAt - 1]);

    // Act
    const login = logIn(credentials, meta, world.deps);

    // Assess
    await expect(login).rejects.toThrow(SignedOutError);
    expect(world.directory.signIn).toHaveBeenCalledTimes(1);
    expect(world.directory.revokeRefreshToken).not.toHaveBeenCalled();
    expect(world.audit.record).not.toHaveBeenCalled();
  });

  it('does not try again when the user is no longer an active member', async () => {
    // Prepare: removed in the sign-out second, so the token's second matches too
    const world = loginWorld([signedOutAt], { status: 'disabled' });

    // Act
    const login = logIn(credentials, meta, world.deps);

    // Assess
    await expect(login).rejects.toThrow('User is not an active member of an active tenant');
    expect(world.directory.signIn).toHaveBeenCalledTimes(1);
    expect(world.directory.revokeRefreshToken).not.toHaveBeenCalled();
    expect(world.audit.record).not.toHaveBeenCalled();
  });
});
