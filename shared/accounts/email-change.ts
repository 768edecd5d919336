/**
 * Changing the sign-in email, signed in. The request proves the current password and mails a code
 * to the new address; confirming with it moves the account to the new address everywhere at once
 * (Cognito, then the table in one transaction, Cognito put back if the table refuses), ends every
 * session and tells the old address. Whether the new address is taken is answered only at confirm,
 * to whoever holds its mailbox, so the request cannot be used to find out who has an account.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import { ConflictError, InvalidCodeError, ValidationError } from '#shared/errors.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import { logger } from '#shared/observability/logger.ts';
import type { Caller } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { type CodeDependencies, checkAccountCode, issueCode } from './codes.ts';
import { assertGuessesLeft } from './guessing-limit.ts';
import type { DeliverNotice } from './mail.ts';
import type { EmailChangeOutcome } from './model.ts';
import { memberEmail, proveCurrentPassword } from './passwords.ts';

export interface EmailChangeDependencies extends CodeDependencies {
  readonly directory: UserDirectory;
  readonly tenants: TenantStore;
  readonly audit: AuditStore;
  readonly notify: DeliverNotice;
}

const takenMessage = 'An account with this email already exists';

/** Mails a code to `newEmail` once the current password is proven; the request is audited. */
export async function requestEmailChange(
  { ctx, meta }: Caller,
  input: { readonly newEmail: string; readonly currentPassword: string },
  deps: EmailChangeDependencies,
): Promise<void> {
  const { directory, tenants, audit, now = () => new Date() } = deps;
  const email = await memberEmail(ctx, tenants);
  if (input.newEmail === email) {
    throw new ValidationError('This is your sign-in email already', [
      { path: ['newEmail'], message: 'must differ from the current email' },
    ]);
  }
  await proveCurrentPassword(email, input.currentPassword, meta, directory);
  await issueCode(ctx, { userId: ctx.userId, email: input.newEmail }, 'changeEmail', deps);
  await audit.record(
    ctx,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'account.email_change_requested',
        target: { type: 'user', id: ctx.userId },
        meta,
        details: { newEmail: input.newEmail },
      },
      now(),
    ),
  );
}

/** Why a refused transaction wrote nothing, as the API answers it. */
function refusal(outcome: Exclude<EmailChangeOutcome, 'changed'>): Error {
  return outcome === 'emailTaken' ? new ConflictError(takenMessage) : new InvalidCodeError();
}

/**
 * Redeems the code: the member signs in with the new email from now on, verified, and every session
 * ends (this one too: the tokens name the old email). 409 with nothing written when the new email
 * is taken; the code then stays valid, for a retry once the other account is gone.
 */
export async function confirmEmailChange(
  { ctx, meta }: Caller,
  code: string,
  deps: EmailChangeDependencies,
): Promise<void> {
  const { store, directory, tenants, notify, now = () => new Date() } = deps;
  const oldEmail = await memberEmail(ctx, tenants);
  const guesser = { email: oldEmail, sourceIp: meta.sourceIp };
  await assertGuessesLeft(guesser);
  const { stored } = await checkAccountCode(
    { scope: ctx, userId: ctx.userId },
    code,
    'changeEmail',
    guesser,
    deps,
  );
  const newEmail = stored.newEmail;
  if (newEmail === undefined) throw new InvalidCodeError();
  if (await store.findByEmail(newEmail)) throw new ConflictError(takenMessage);

  await directory.changeEmail(oldEmail, newEmail);
  const at = now();
  let outcome: EmailChangeOutcome;
  try {
    outcome = await store.changeEmail(
      ctx,
      stored,
      {
        userId: ctx.userId,
        oldEmail,
        newEmail,
        signedOutAt: Math.floor(at.getTime() / 1000),
        updatedAt: at.toISOString(),
      },
      auditEvent(
        {
          actorId: ctx.userId,
          action: 'account.email_changed',
          target: { type: 'user', id: ctx.userId },
          meta,
          details: { oldEmail, newEmail },
        },
        at,
      ),
    );
  } catch (error) {
    await directory.changeEmail(newEmail, oldEmail);
    throw error;
  }
  if (outcome !== 'changed') {
    // The table refused (a race since the checks above): Cognito goes back to the old email.
    await directory.changeEmail(newEmail, oldEmail);
    throw refusal(outcome);
  }

  await directory.signOutEverywhere(newEmail);
  try {
    await notify(ctx, { to: oldEmail, newEmail, changedAt: at.toISOString() });
  } catch (error) {
    // The change is made and audited; a lost notice is logged rather than undoing it.
    logger.error('Could not queue the email-changed notice', {
      requestId: meta.requestId,
      tenantId: ctx.tenantId,
      userId: ctx.userId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
