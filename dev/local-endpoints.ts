/**
 * The local gateway's `/_local/…` pages: what a developer needs to see what AWS would have done.
 * They are LocalPages, never routes, so they cannot exist on AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readOutbox } from '#shared/mail/outbox-mailer.ts';
import type { LocalPage } from './gateway.ts';

/** A JSON page at one method and exact path. */
export function localJsonPage(
  method: 'GET' | 'POST',
  path: `/_local/${string}`,
  handle: (url: URL) => Promise<{ readonly statusCode: number; readonly body: unknown }>,
): LocalPage {
  return async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== method || url.pathname !== path) return false;
    // Drain any body: these pages take none, and an unread body would stall keep-alive clients.
    for await (const _chunk of request);
    const result = await handle(url);
    response.writeHead(result.statusCode, { 'content-type': 'application/json; charset=utf-8' });
    response.end(`${JSON.stringify(result.body, null, 2)}\n`);
    return true;
  };
}

/** `GET /_local/outbox[?to=<email>]`: the mails the workers "sent", newest first. */
export function outboxPage(outboxDir: string): LocalPage {
  return localJsonPage('GET', '/_local/outbox', async (url) => {
    const to = url.searchParams.get('to')?.toLowerCase();
    const mails = await readOutbox(outboxDir);
    return {
      statusCode: 200,
      body: { items: to ? mails.filter((mail) => mail.to.toLowerCase() === to) : mails },
    };
  });
}
