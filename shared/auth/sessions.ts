/**
 * Sign-in, refresh and sign-out. Tokens are handed out only to active members (the same check the
 * authorizer makes, so a removed member gets nothing even where Cognito would still sign them in),
 * every sign-in is audited in the user's tenant, and a sign-out revokes the presented refresh token
 * (only the caller's own) and refuses every token authenticated before it. A sign-out answers at once; the rare login in its
 * very second waits for the next one (signInActiveMember).
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import { NotFoundError, UnauthorizedError } from '#shared/errors.ts';
import type { AuthTokens, UserDirectory } from '#shared/identity/model.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { authorize, SignedOutError } from './authorize.ts';
import type { TenantContext } from './tenant-context.ts';
import type { TokenVerifier } from './token-verifier.ts';

export interface SessionDependencies {
  readonly directory: UserDirectory;
  /** Reads the ID token Cognito has just issued (issued-token-reader.ts in the functions). */
  readonly verifier: TokenVerifier;
  readonly store: TenantStore;
  readonly now?: () => Date;
}

export interface LogInDependencies extends SessionDependencies {
  readonly audit: AuditStore;
  /** How a login in the very second of a sign-out waits for the next one; unit tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Margin past the second boundary, for clock skew between this function and Cognito. */
const secondBoundaryMarginMs = 50;

const realSleep = (ms: number): Promise<void> =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function logIn(
  credentials: { readonly email: string; readonly password: string },
  meta: RequestMeta,
  deps: LogInDependencies,
): Promise<AuthTokens> {
  const { audit, now = () => new Date() } = deps;
  const { tokens, ctx } = await signInActiveMember(credentials, deps);
  await audit.record(
    ctx,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'auth.login',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      now(),
    ),
  );
  return tokens;
}

/**
 * Signs in and authorizes the new ID token. Tokens carry whole seconds, so a login later in the very
 * second of the member's last sign-out looks as old as the sign-out and is refused with the sessions
 * it ended. Only that refusal is retried, once, after waiting for the next second: the sign-out
 * itself then answers at once, and only this rare login pays the wait (the API is the only Cognito
 * client, so every sign-in comes through here).
 */
async function signInActiveMember(
  credentials: { readonly email: string; readonly password: string },
  deps: LogInDependencies,
): Promise<{ tokens: AuthTokens; ctx: TenantContext }> {
  const { directory, verifier, store, now = () => new Date(), sleep = realSleep } = deps;
  const first = await directory.signIn(credentials.email, credentials.password);
  try {
    // The tenant comes from the verified ID token we were just given, never from the request.
    return { tokens: first, ctx: await authorize(first.idToken, { verifier, store }) };
  } catch (error) {
    if (!(error instanceof SignedOutError) || error.authenticatedAt !== error.signedOutAt) {
      throw error;
    }
    // A dead session: on AWS its refreshed tokens keep this auth_time and are refused anyway, but
    // cognito-local gives them a fresh one, which would bring it back to life.
    if (first.refreshToken !== undefined) await directory.revokeRefreshToken(first.refreshToken);
    const nextSecondMs = (error.signedOutAt + 1) * 1000 + secondBoundaryMarginMs;
    await sleep(Math.max(0, nextSecondMs - now().getTime()));
  }
  // Once only: if Cognito's clock still says the sign-out second, the 401 stands.
  const tokens = await directory.signIn(credentials.email, credentials.password);
  return { tokens, ctx: await authorize(tokens.idToken, { verifier, store }) };
}

export async function refreshSession(
  refreshToken: string,
  deps: SessionDependencies,
): Promise<AuthTokens> {
  const tokens = await deps.directory.refresh(refreshToken);
  await authorize(tokens.idToken, deps);
  return tokens;
}

/**
 * One answer for every token that is not the caller's own, so it tells nothing about the token: a
 * 404, as for another tenant's ids, since the caller has no session with that token.
 */
const notYourSession = (): NotFoundError =>
  new NotFoundError('No current session of yours has this refresh token');

/**
 * Refuses a refresh token that is not a live one of the caller. Cognito's refresh tokens are
 * opaque, so the token is exchanged once (REFRESH_TOKEN_AUTH, the same call on AWS and on
 * cognito-local) and the subject of the ID token Cognito issues for it is compared with the
 * caller; the tokens of that exchange are dropped. Another member's or tenant's token, and an
 * expired, revoked or forged one, all get the same 404, and nothing is revoked or recorded.
 */
async function assertOwnRefreshToken(
  ctx: TenantContext,
  refreshToken: string,
  { directory, verifier }: Pick<SessionDependencies, 'directory' | 'verifier'>,
): Promise<void> {
  let idToken: string;
  try {
    ({ idToken } = await directory.refresh(refreshToken));
  } catch (error) {
    if (error instanceof UnauthorizedError) throw notYourSession();
    throw error;
  }
  const claims = await verifier.verify(idToken);
  if (claims.sub !== ctx.userId) throw notYourSession();
}

/**
 * Answers as soon as the sign-out is recorded and the refresh token revoked: a login later in this
 * very second is the one case that must wait, and logIn does that itself. A token that is not the
 * caller's own is refused (404) before anything is written.
 */
export async function signOut(
  { ctx, meta }: Caller,
  refreshToken: string,
  deps: SessionDependencies,
): Promise<void> {
  const { directory, store, now = () => new Date() } = deps;
  await assertOwnRefreshToken(ctx, refreshToken, deps);
  const at = now();
  const signedOutAt = Math.floor(at.getTime() / 1000);
  await store.signOut(
    ctx,
    ctx.userId,
    signedOutAt,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'auth.logout',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      at,
    ),
  );
  await directory.revokeRefreshToken(refreshToken);
}
