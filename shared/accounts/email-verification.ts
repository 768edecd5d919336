/**
 * Email verification: sign-up mails the owner a code, `verify-email` redeems it (the member and the
 * Cognito user are marked verified), and `resend` mails a fresh one, answering 202 whether or not
 * the email has an unverified account (no enumeration).
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { InvalidCodeError } from '#shared/errors.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { logger } from '#shared/observability/logger.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import {
  answerNoSoonerThan,
  type CodeDependencies,
  checkCode,
  findAccount,
  issueCode,
} from './codes.ts';
import { isEmailVerified } from './verified.ts';

/** Public code routes answer no sooner than this, whatever the email: see answerNoSoonerThan. */
export const publicAnswerFloorMs = 300;

/**
 * Mails the new owner their code. A failure to queue is logged, not thrown: the tenant exists and
 * works (unverified), and the resend route mails a fresh code.
 */
export async function sendSignUpVerification(
  scope: TenantScope,
  owner: { readonly userId: string; readonly email: string },
  meta: RequestMeta,
  deps: CodeDependencies,
): Promise<void> {
  try {
    await issueCode(scope, owner, 'verifyEmail', deps);
  } catch (error) {
    logger.error('Could not send the verification code after sign-up', {
      requestId: meta.requestId,
      tenantId: scope.tenantId,
      userId: owner.userId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

export async function resendVerification(
  email: string,
  meta: RequestMeta,
  deps: CodeDependencies & { readonly tenants: TenantStore },
): Promise<void> {
  const startedAt = Date.now();
  const account = await findAccount(deps.store, email);
  const member =
    account && (await deps.tenants.getTenantAndMember(account.scope, account.userId)).member;
  if (account && member && !isEmailVerified(member)) {
    await issueCode(account.scope, { userId: account.userId, email }, 'verifyEmail', deps);
    logger.info('Verification code sent again', {
      requestId: meta.requestId,
      tenantId: account.scope.tenantId,
      userId: account.userId,
    });
  }
  await answerNoSoonerThan(startedAt, publicAnswerFloorMs);
}

export async function verifyEmail(
  input: { readonly email: string; readonly code: string },
  meta: RequestMeta,
  deps: Pick<CodeDependencies, 'store' | 'now'> & { readonly directory: UserDirectory },
): Promise<void> {
  const { store, directory, now = () => new Date() } = deps;
  const { scope, stored } = await checkCode(input, 'verifyEmail', meta.sourceIp, deps);
  const redeemed = await store.redeemCode(
    scope,
    stored,
    { emailVerified: true },
    auditEvent(
      {
        actorId: stored.userId,
        action: 'auth.email_verified',
        target: { type: 'user', id: stored.userId },
        meta,
      },
      now(),
    ),
  );
  if (!redeemed) throw new InvalidCodeError();
  // Cognito's flag follows ours; the member item is what the API enforces.
  await directory.markEmailVerified(input.email);
}
