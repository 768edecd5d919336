/**
 * Queues the account mails as `mail.send` jobs: a code (to verify an address, reset a password or
 * confirm a new address) and the notice an old address gets when the sign-in email changed.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';

export interface CodeMail {
  readonly to: string;
  readonly template: 'verifyEmail' | 'resetPassword' | 'confirmEmailChange';
  /** The only place the code travels: the job message and the mail it renders. */
  readonly code: string;
  readonly expiresAt: string;
}

export type DeliverCode = (scope: TenantScope, mail: CodeMail) => Promise<void>;

export const queueCodeMail: DeliverCode = async (scope, mail) => {
  await enqueue(scope, 'mail.send', {
    to: mail.to,
    template: mail.template,
    variables: { code: mail.code, expiresAt: mail.expiresAt },
  });
};

/** What the old address is told after an email change; no code, and the new address masked. */
export interface EmailChangedNotice {
  readonly to: string;
  readonly newEmail: string;
  readonly changedAt: string;
}

export type DeliverNotice = (scope: TenantScope, notice: EmailChangedNotice) => Promise<void>;

/** `dana@acme.test` → `d***@acme.test`: enough to recognise, not to take over. */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

export const queueEmailChangedNotice: DeliverNotice = async (scope, notice) => {
  await enqueue(scope, 'mail.send', {
    to: notice.to,
    template: 'emailChanged',
    variables: { newEmail: maskedEmail(notice.newEmail), changedAt: notice.changedAt },
  });
};
