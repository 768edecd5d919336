/**
 * Sign-in, refresh and sign-out. Tokens are handed out only to active members (the same check the
 * authorizer makes, so a removed member gets nothing even where Cognito would still sign them in),
 * every sign-in is audited in the user's tenant, and a sign-out revokes the presented refresh token
 * and refuses every token authenticated before it.
 */
import { auditEvent } from '../audit/audit-log.ts';
import type { AuditStore } from '../audit/model.ts';
import type { AuthTokens, UserDirectory } from '../identity/model.ts';
import type { Caller, RequestMeta } from '../requests.ts';
import type { TenantStore } from '../tenants/model.ts';
import { authorize } from './authorize.ts';
import type { TokenVerifier } from './token-verifier.ts';

export interface SessionDependencies {
  readonly directory: UserDirectory;
  /** Reads the ID token Cognito has just issued (issued-token-reader.ts in the functions). */
  readonly verifier: TokenVerifier;
  readonly store: TenantStore;
  readonly now?: () => Date;
}

/** Margin past the second boundary, for clock skew between this function and Cognito. */
const secondBoundaryMarginMs = 50;

export async function logIn(
  credentials: { readonly email: string; readonly password: string },
  meta: RequestMeta,
  deps: SessionDependencies & { readonly audit: AuditStore },
): Promise<AuthTokens> {
  const { directory, verifier, store, audit, now = () => new Date() } = deps;
  const tokens = await directory.signIn(credentials.email, credentials.password);
  // The tenant comes from the verified ID token we were just given, never from the request.
  const ctx = await authorize(tokens.idToken, { verifier, store });
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

export async function refreshSession(
  refreshToken: string,
  deps: SessionDependencies,
): Promise<AuthTokens> {
  const tokens = await deps.directory.refresh(refreshToken);
  await authorize(tokens.idToken, deps);
  return tokens;
}

export async function signOut(
  { ctx, meta }: Caller,
  refreshToken: string,
  deps: Omit<SessionDependencies, 'verifier'> & { readonly sleep?: (ms: number) => Promise<void> },
): Promise<void> {
  const { directory, store, now = () => new Date() } = deps;
  const sleep =
    deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
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
  // Tokens carry whole seconds: a sign-in later in this very second would look as old as the
  // sign-out and be refused with the sessions it ends. Answering once the second is over keeps
  // "log out, then log in again" working.
  await sleep(1000 - (at.getTime() % 1000) + secondBoundaryMarginMs);
}
