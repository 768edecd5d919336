/** The local gateway's `/_local/…` helpers: what a developer needs to see what AWS would have done. */
import { readOutbox } from '#shared/mail/outbox-mailer.ts';
import type { LocalEndpoint } from './gateway.ts';

/** `GET /_local/outbox[?to=<email>]`: the mails the workers "sent", newest first. */
export function outboxEndpoint(outboxDir: string): LocalEndpoint {
  return {
    method: 'GET',
    path: '/_local/outbox',
    async handle(url) {
      const to = url.searchParams.get('to')?.toLowerCase();
      const mails = await readOutbox(outboxDir);
      return {
        statusCode: 200,
        body: { items: to ? mails.filter((mail) => mail.to.toLowerCase() === to) : mails },
      };
    },
  };
}
