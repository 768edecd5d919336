/** Queues the account mails (a code to verify an address or reset a password) as `mail.send` jobs. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { enqueue } from '#shared/jobs/enqueue.ts';

export interface CodeMail {
  readonly to: string;
  readonly template: 'verifyEmail' | 'resetPassword';
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
