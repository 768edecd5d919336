/**
 * Issuing and checking mailed codes. A check finds the user by email through its guard item, and
 * answers every failure (no account, no code, expired, void, wrong, another user's) with the same
 * InvalidCodeError after the same scrypt work, each one reported as a failed attempt.
 */
import { type TenantScope, tenantScopeFromEmailGuard } from '#shared/auth/tenant-context.ts';
import { InvalidCodeError } from '#shared/errors.ts';
import { assertGuessesLeft, type GuessSource, recordFailedAttempt } from './guessing-limit.ts';
import type { CodeMail, DeliverCode } from './mail.ts';
import type { AccountStore } from './model.ts';
import {
  type CodePurpose,
  codeMatches,
  decoyCodeCheck,
  maxCodeAttempts,
  newCode,
  type StoredCode,
  storedCode,
} from './one-time-codes.ts';

export interface CodeDependencies {
  readonly store: AccountStore;
  readonly deliver: DeliverCode;
  readonly now?: () => Date;
}

const templateOf = {
  verifyEmail: 'verifyEmail',
  resetPassword: 'resetPassword',
  changeEmail: 'confirmEmailChange',
} as const satisfies Record<CodePurpose, CodeMail['template']>;

/**
 * A fresh code for the user (replacing an earlier one of the same purpose), queued by mail to
 * `recipient.email`; for an email change that is the new address, which the code carries.
 */
export async function issueCode(
  scope: TenantScope,
  recipient: { readonly userId: string; readonly email: string },
  purpose: CodePurpose,
  { store, deliver, now = () => new Date() }: CodeDependencies,
): Promise<void> {
  const code = newCode();
  const stored = await storedCode(
    code,
    {
      userId: recipient.userId,
      purpose,
      ...(purpose === 'changeEmail' && { newEmail: recipient.email }),
    },
    now(),
  );
  await store.putCode(scope, stored);
  await deliver(scope, {
    to: recipient.email,
    template: templateOf[purpose],
    code,
    expiresAt: new Date(stored.expiresAt * 1000).toISOString(),
  });
}

/** The account an email signs in as, with the tenant scope its guard names. */
export async function findAccount(
  store: AccountStore,
  email: string,
): Promise<{ readonly scope: TenantScope; readonly userId: string } | undefined> {
  const owner = await store.findByEmail(email);
  const scope = owner && tenantScopeFromEmailGuard(owner.tenantId);
  return owner && scope ? { scope, userId: owner.userId } : undefined;
}

export interface CheckedCode {
  readonly scope: TenantScope;
  readonly stored: StoredCode;
}

/** The live code of this purpose for `email`, when `code` is it; InvalidCodeError otherwise. */
export async function checkCode(
  input: { readonly email: string; readonly code: string },
  purpose: CodePurpose,
  sourceIp: string,
  deps: Pick<CodeDependencies, 'store' | 'now'>,
): Promise<CheckedCode> {
  const guesser = { email: input.email, sourceIp };
  await assertGuessesLeft(guesser);
  const account = await findAccount(deps.store, input.email);
  return checkAccountCode(account, input.code, purpose, guesser, deps);
}

/**
 * The live code of this purpose of `account`'s user, when `code` is it; InvalidCodeError otherwise
 * (no account, no code, expired, void, wrong), counted against the code and the guesser's budget.
 * The caller has checked the guesser's budget (assertGuessesLeft).
 */
export async function checkAccountCode(
  account: { readonly scope: TenantScope; readonly userId: string } | undefined,
  code: string,
  purpose: CodePurpose,
  guesser: GuessSource,
  { store, now = () => new Date() }: Pick<CodeDependencies, 'store' | 'now'>,
): Promise<CheckedCode> {
  const stored = account && (await store.getCode(account.scope, purpose, account.userId));
  if (account && stored && (await codeMatches(stored, code, now()))) {
    return { scope: account.scope, stored };
  }
  if (!stored) await decoyCodeCheck(code);
  if (account && stored) await store.countWrongCode(account.scope, stored, maxCodeAttempts);
  await recordFailedAttempt({ ...guesser, kind: 'code' });
  throw new InvalidCodeError();
}

/** Answers no sooner than `floorMs` after `startedAt`, so a known and an unknown email take as long. */
export async function answerNoSoonerThan(startedAt: number, floorMs: number): Promise<void> {
  const wait = startedAt + floorMs - Date.now();
  if (wait > 0) await new Promise<void>((resolve) => setTimeout(resolve, wait));
}
