/**
 * The local gateway's `/_local/…` pages: what a developer needs to see what AWS would have done.
 * They are LocalPages, never routes, so they cannot exist on AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SQSClient } from '@aws-sdk/client-sqs';
import { meterDispatchEntry } from '#lib/billing/meter-schedule-entry.ts';
import { dailyDispatchEntry } from '#lib/jobs/daily-schedule-entry.ts';
import { operatorIdentityConfig, queueConfig } from '#shared/config/runtime-config.ts';
import { ConflictError } from '#shared/errors.ts';
import { emailSchema } from '#shared/identity/password-policy.ts';
import { copyMessages } from '#shared/jobs/redrive.ts';
import { readOutbox } from '#shared/mail/outbox-mailer.ts';
import { createOperator, firstPassword } from '#shared/platform/operator-accounts.ts';
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

/** A schedule the local gateway triggers on request: what EventBridge does on AWS. */
interface LocalSchedule {
  readonly path: `/_local/${string}`;
  readonly entry: string;
  /** The query parameter passed on as the event's `detail`, and its format. */
  readonly parameter: { readonly name: string; readonly pattern: RegExp; readonly format: string };
}

/**
 * `POST /_local/daily[?date=yyyy-mm-dd]`: what the EventBridge schedule does every night — the real
 * dispatch handler enqueues one `tenant.daily` job per active tenant, for the local workers to run.
 */
export const dailySchedulePage = (rootDir: string): LocalPage =>
  scheduleTriggerPage(rootDir, {
    path: '/_local/daily',
    entry: dailyDispatchEntry,
    parameter: { name: 'date', pattern: /^\d{4}-\d{2}-\d{2}$/, format: 'yyyy-mm-dd' },
  });

/**
 * `POST /_local/meter[?hour=yyyy-mm-ddThh]`: what the EventBridge schedule does every hour — one
 * `billing.meter` job per tenant with a Stripe customer, reporting to the local Stripe's meters.
 */
export const meterSchedulePage = (rootDir: string): LocalPage =>
  scheduleTriggerPage(rootDir, {
    path: '/_local/meter',
    entry: meterDispatchEntry,
    parameter: { name: 'hour', pattern: /^\d{4}-\d{2}-\d{2}T\d{2}$/, format: 'yyyy-mm-ddThh' },
  });

function scheduleTriggerPage(rootDir: string, schedule: LocalSchedule): LocalPage {
  const { name, pattern, format } = schedule.parameter;
  return localJsonPage('POST', schedule.path, async (url) => {
    const value = url.searchParams.get(name) ?? undefined;
    if (value !== undefined && !pattern.test(value)) {
      return badRequest(`${name} must be ${format}`);
    }
    const { handler } = (await import(pathToFileURL(join(rootDir, schedule.entry)).href)) as {
      handler: (event: { time: string; detail: Record<string, string> }) => Promise<unknown>;
    };
    try {
      const result = await handler({
        time: new Date().toISOString(),
        detail: value === undefined ? {} : { [name]: value },
      });
      return { statusCode: 202, body: result };
    } catch (error) {
      if (error instanceof RangeError) return badRequest(error.message);
      throw error;
    }
  });
}

/** The dead-letter queue URL of each job queue, as the local stack sets them. */
const deadLetterUrlVariables = {
  critical: 'JOBS_CRITICAL_DLQ_URL',
  bulk: 'JOBS_BULK_DLQ_URL',
} as const;

function badRequest(message: string): { statusCode: number; body: unknown } {
  return {
    statusCode: 400,
    body: { error: { code: 'validation_failed', message, details: null } },
  };
}

/**
 * `POST /_local/redrive?queue=critical|bulk[&max=n]`: `npm run redrive` locally. The emulator has no
 * message move task, so the messages are received, sent back and deleted (shared/jobs/redrive.ts).
 */
export const redrivePage: LocalPage = localJsonPage('POST', '/_local/redrive', async (url) => {
  const queue = url.searchParams.get('queue');
  if (queue !== 'critical' && queue !== 'bulk') return badRequest('queue must be critical or bulk');
  const maxText = url.searchParams.get('max');
  const max = maxText === null ? undefined : Number(maxText);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
    return badRequest('max must be a positive whole number');
  }
  const from = process.env[deadLetterUrlVariables[queue]];
  if (from === undefined) return badRequest(`${deadLetterUrlVariables[queue]} is not set`);
  const config = queueConfig();
  const result = await copyMessages(new SQSClient(config.client), {
    from,
    to: config.queueUrl(queue),
    ...(max !== undefined && { max }),
  });
  return { statusCode: 200, body: result };
});

/**
 * `POST /_local/operators?email=<email>`: what `npm run operator -- create <email>` calls locally —
 * an operator in the local operator pool, with a first password it answers once.
 */
export function createOperatorPage(): LocalPage {
  return localJsonPage('POST', '/_local/operators', async (url) => {
    const email = emailSchema.safeParse(url.searchParams.get('email') ?? '');
    if (!email.success) {
      return {
        statusCode: 400,
        body: {
          error: { code: 'validation_failed', message: 'email is not valid', details: null },
        },
      };
    }
    const config = operatorIdentityConfig();
    const client = new CognitoIdentityProviderClient(config.client);
    const password = firstPassword();
    try {
      const { operatorId } = await createOperator(client, config.userPoolId, email.data, password);
      return { statusCode: 201, body: { operatorId, email: email.data, password } };
    } catch (error) {
      if (error instanceof ConflictError) {
        return {
          statusCode: 409,
          body: { error: { code: 'conflict', message: error.message, details: null } },
        };
      }
      throw error;
    } finally {
      client.destroy();
    }
  });
}
