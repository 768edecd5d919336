/**
 * Forgotten and changed passwords. Both end every session of the user: Cognito revokes the refresh
 * tokens (AdminUserGlobalSignOut) and the member's sign-out time makes the authorizer refuse every
 * token authenticated before it, as a logout does.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { InvalidCodeError, NotFoundError, UnauthorizedError } from '#shared/errors.ts';
import { MfaChallengeError, type UserDirectory } from '#shared/identity/model.ts';
import { logger } from '#shared/observability/logger.ts';
import type { Caller, RequestMeta } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import {
  answerNoSoonerThan,
  type CodeDependencies,
  checkCode,
  findAccount,
  issueCode,
} from './codes.ts';
import { publicAnswerFloorMs } from './email-verification.ts';
import { assertGuessesLeft, recordFailedAttempt } from './guessing-limit.ts';
import { decoyCodeCheck, newCode } from './one-time-codes.ts';

export interface PasswordDependencies extends CodeDependencies {
  readonly directory: UserDirectory;
}

const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** Mails a reset code when the email has an account; answers the same, as late, when it has none. */
export async function forgotPassword(
  email: string,
  meta: RequestMeta,
  deps: CodeDependencies,
): Promise<void> {
  const startedAt = Date.now();
  const account = await findAccount(deps.store, email);
  if (account) {
    await issueCode(account.scope, { userId: account.userId, email }, 'resetPassword', deps);
    logger.info('Password reset code sent', {
      requestId: meta.requestId,
      tenantId: account.scope.tenantId,
      userId: account.userId,
    });
  } else {
    // The hash a known email pays for its stored code.
    await decoyCodeCheck(newCode());
  }
  await answerNoSoonerThan(startedAt, publicAnswerFloorMs);
}

/**
 * Sets the new password, then redeems the code together with the sign-out time. The reset also
 * proves the mailbox, so it verifies the email. Cognito refusing the password leaves the code live.
 */
export async function resetPassword(
  input: { readonly email: string; readonly code: string; readonly newPassword: string },
  meta: RequestMeta,
  deps: PasswordDependencies,
): Promise<void> {
  const { store, directory, now = () => new Date() } = deps;
  const { scope, stored } = await checkCode(input, 'resetPassword', meta.sourceIp, deps);
  await directory.setPassword(input.email, input.newPassword);
  await directory.signOutEverywhere(input.email);
  const at = now();
  const redeemed = await store.redeemCode(
    scope,
    stored,
    { signedOutAt: epochSeconds(at), emailVerified: true },
    auditEvent(
      {
        actorId: stored.userId,
        action: 'auth.password_reset',
        target: { type: 'user', id: stored.userId },
        meta,
      },
      at,
    ),
  );
  if (!redeemed) throw new InvalidCodeError();
}

/**
 * Checks the current password by signing in with it (an MFA challenge proves it as well as tokens
 * do), then sets the new one and ends every session, this one included: the caller signs in again
 * with the new password, as the answer to this request.
 */
export async function changePassword(
  { ctx, meta }: Caller,
  input: { readonly currentPassword: string; readonly newPassword: string },
  deps: Omit<PasswordDependencies, 'deliver'> & { readonly tenants: TenantStore },
): Promise<{ readonly email: string }> {
  const { store, directory, tenants, now = () => new Date() } = deps;
  const email = await memberEmail(ctx, tenants);
  await proveCurrentPassword(email, input.currentPassword, meta, directory);
  await directory.setPassword(email, input.newPassword);
  await directory.signOutEverywhere(email);
  const at = now();
  await store.updateMember(
    ctx,
    ctx.userId,
    { signedOutAt: epochSeconds(at) },
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'auth.password_changed',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      at,
    ),
  );
  return { email };
}

export async function memberEmail(ctx: TenantContext, tenants: TenantStore): Promise<string> {
  const { member } = await tenants.getTenantAndMember(ctx, ctx.userId);
  if (!member) throw new NotFoundError('Caller no longer exists');
  return member.email;
}

/**
 * Signs in with `password` to prove it, within the guessing limit a login has. Fresh tokens are
 * thrown away at once (their refresh token revoked); a challenge means the password was right and
 * the user has MFA.
 */
export async function proveCurrentPassword(
  email: string,
  password: string,
  meta: RequestMeta,
  directory: UserDirectory,
): Promise<{ readonly accessToken: string } | { readonly challengeSession: string }> {
  await assertGuessesLeft({ email, sourceIp: meta.sourceIp });
  try {
    const tokens = await directory.signIn(email, password);
    if (tokens.refreshToken !== undefined) await directory.revokeRefreshToken(tokens.refreshToken);
    return { accessToken: tokens.accessToken };
  } catch (error) {
    if (error instanceof MfaChallengeError) return { challengeSession: error.challengeSession };
    if (error instanceof UnauthorizedError) {
      await recordFailedAttempt({ email, sourceIp: meta.sourceIp, kind: 'password' });
      throw new UnauthorizedError('The current password is incorrect', undefined, { cause: error });
    }
    throw error;
  }
}
