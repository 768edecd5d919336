/** The jobs-critical worker: SQS batches of small jobs (emails, Stripe syncs), run in parallel with partial failures. */

import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { stripeClient } from '#shared/billing/stripe-client.ts';
import { runSyncJob } from '#shared/billing/sync-job.ts';
import { billingConfig } from '#shared/config/billing-config.ts';
import { mailConfig } from '#shared/config/runtime-config.ts';
import { billingStore, jobRunStore, memberStore } from '#shared/data/stores.ts';
import { createWorker } from '#shared/jobs/worker.ts';
import { mailer } from '#shared/mail/mailer.ts';
import { sendMailJob } from '#shared/mail/send-mail-job.ts';

export const handler = createWorker({
  queue: 'critical',
  runs: jobRunStore,
  handlers: {
    'mail.send': async (job) => {
      await sendMailJob(job, { mailer: mailer(), from: mailConfig().from });
      return undefined;
    },
    'billing.sync': async (job, { scope }) => {
      await runSyncJob(job, scope, {
        store: billingStore(),
        stripe: await stripeClient(),
        prices: billingConfig().prices,
        flushAuthorizers,
        members: memberStore(),
      });
      return undefined;
    },
  },
});
