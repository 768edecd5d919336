/** The jobs-critical worker: SQS batches of small jobs (emails), run in parallel with partial failures. */
import { mailConfig } from '#shared/config/runtime-config.ts';
import { jobRunStore } from '#shared/data/stores.ts';
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
  },
});
