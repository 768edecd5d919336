/** The Mailer this function uses, chosen once from configuration: the local outbox or SES. */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { once } from '#shared/config/env.ts';
import { mailConfig } from '#shared/config/runtime-config.ts';
import { traced } from '#shared/observability/tracer.ts';
import type { Mailer } from './model.ts';
import { OutboxMailer } from './outbox-mailer.ts';
import { SesMailer } from './ses-mailer.ts';

export const mailer = once((): Mailer => {
  const config = mailConfig();
  return config.kind === 'outbox'
    ? new OutboxMailer(config.outboxDir)
    : new SesMailer(traced(new SESv2Client(config.client)));
});
