/**
 * The second step of a sign-in with MFA. The login that met Cognito's TOTP challenge answers
 * `{challenge, session}`; the session is 256 random bits (with the email, to find the account)
 * whose hash is stored beside Cognito's own challenge session, which never leaves the server.
 * `login/mfa` redeems it once, with a code that has not been used before.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import { authorize } from '#shared/auth/authorize.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { TokenVerifier } from '#shared/auth/token-verifier.ts';
import { InvalidCodeError } from '#shared/errors.ts';
import type { AuthTokens, UserDirectory } from '#shared/identity/model.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { findAccount } from './codes.ts';
import { assertGuessesLeft, recordFailedAttempt } from './guessing-limit.ts';
import type { AccountStore } from './model.ts';
import { claimTotpCode, hashSecret } from './totp-codes.ts';

/** Cognito's challenge session lives three minutes; ours no longer. */
const signInLifetimeSeconds = 180;
const maxMfaAttempts = 5;

export interface MfaChallenge {
  readonly challenge: 'SOFTWARE_TOKEN_MFA';
  /** Send back to `POST /v1/auth/login/mfa` with the code; single use, three minutes. */
  readonly session: string;
  readonly expiresIn: number;
}

export interface MfaSignInDependencies {
  readonly accounts: AccountStore;
  readonly directory: UserDirectory;
  readonly verifier: TokenVerifier;
  readonly store: TenantStore;
  readonly audit: AuditStore;
  readonly now?: () => Date;
  /** How the answer waits out a sign-out's second; unit tests pass a fake. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Margin past the second boundary, for clock skew between this function and Cognito. */
const secondBoundaryMarginMs = 50;

const realSleep = (ms: number): Promise<void> =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

function encodeSession(email: string, secret: string): string {
  return Buffer.from(`${email}\n${secret}`).toString('base64url');
}

function decodeSession(session: string): { email: string; secret: string } | undefined {
  const [email, secret, ...rest] = Buffer.from(session, 'base64url').toString('utf8').split('\n');
  return email && secret && rest.length === 0 ? { email, secret } : undefined;
}

/** Records the pending sign-in and returns the challenge the login answers instead of tokens. */
export async function startMfaSignIn(
  email: string,
  challengeSession: string,
  { accounts, now = () => new Date() }: Pick<MfaSignInDependencies, 'accounts' | 'now'>,
): Promise<MfaChallenge> {
  const account = await findAccount(accounts, email);
  // Cognito knows the user, so the guard exists; without it the sign-in cannot be finished.
  if (!account) throw new InvalidCodeError();
  const secret = randomBytes(32).toString('base64url');
  await accounts.putMfaSignIn(account.scope, {
    userId: account.userId,
    email,
    sessionHash: hashSecret(secret),
    challengeSession,
    expiresAt: Math.floor(now().getTime() / 1000) + signInLifetimeSeconds,
    attempts: 0,
  });
  return {
    challenge: 'SOFTWARE_TOKEN_MFA',
    session: encodeSession(email, secret),
    expiresIn: signInLifetimeSeconds,
  };
}

/**
 * Tokens carry whole seconds, and the authorizer refuses those authenticated in the second of the
 * member's last sign-out (which confirming MFA or changing the password records). A code cannot be
 * answered twice, so instead of retrying as a password login does (sessions.ts), the answer waits
 * for the next second when the sign-out is this very one.
 */
async function waitPastSignOutSecond(
  account: { readonly scope: TenantScope; readonly userId: string },
  { store, now = () => new Date(), sleep = realSleep }: MfaSignInDependencies,
): Promise<void> {
  const { member } = await store.getTenantAndMember(account.scope, account.userId);
  const signedOutAt = member?.signedOutAt;
  if (signedOutAt === undefined) return;
  const wait = (signedOutAt + 1) * 1000 + secondBoundaryMarginMs - now().getTime();
  if (wait > 0) await sleep(wait);
}

export async function finishMfaSignIn(
  input: { readonly session: string; readonly code: string },
  meta: RequestMeta,
  deps: MfaSignInDependencies,
): Promise<AuthTokens> {
  const { accounts, directory, verifier, store, audit, now = () => new Date() } = deps;
  const decoded = decodeSession(input.session);
  await assertGuessesLeft({ ...(decoded && { email: decoded.email }), sourceIp: meta.sourceIp });
  const account = decoded && (await findAccount(accounts, decoded.email));
  const pending = account && (await accounts.getMfaSignIn(account.scope, account.userId));
  const at = now();
  const live =
    decoded !== undefined &&
    pending !== undefined &&
    pending.expiresAt > at.getTime() / 1000 &&
    pending.attempts < maxMfaAttempts &&
    timingSafeEqual(Buffer.from(pending.sessionHash), Buffer.from(hashSecret(decoded.secret)));
  if (!live || !account || !pending) {
    await recordFailedAttempt({
      ...(decoded && { email: decoded.email }),
      sourceIp: meta.sourceIp,
      kind: 'mfa',
    });
    throw new InvalidCodeError();
  }
  let tokens: AuthTokens;
  try {
    await claimTotpCode(accounts, account.scope, account.userId, input.code, at);
    await waitPastSignOutSecond(account, deps);
    tokens = await directory.answerMfaChallenge(
      pending.email,
      pending.challengeSession,
      input.code,
    );
  } catch (error) {
    if (error instanceof InvalidCodeError) {
      await accounts.countWrongMfaCode(account.scope, pending, maxMfaAttempts);
      await recordFailedAttempt({ email: pending.email, sourceIp: meta.sourceIp, kind: 'mfa' });
    }
    throw error;
  }
  if (!(await accounts.endMfaSignIn(account.scope, pending))) {
    // The same session answered twice at once: the other request keeps its sign-in.
    if (tokens.refreshToken !== undefined) await directory.revokeRefreshToken(tokens.refreshToken);
    throw new InvalidCodeError();
  }
  const ctx = await authorize(tokens.idToken, { verifier, store });
  await audit.record(
    ctx,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'auth.login',
        target: { type: 'user', id: ctx.userId },
        meta,
        details: { mfa: 'totp' },
      },
      at,
    ),
  );
  return tokens;
}
