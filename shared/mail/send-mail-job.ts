/** The `mail.send` job: render the template with the job's variables and hand it to the Mailer. */
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import type { Mailer } from './model.ts';
import { renderMail } from './templates.ts';

export interface SendMailDependencies {
  readonly mailer: Mailer;
  readonly from: string;
}

export async function sendMailJob(
  job: JobEnvelope<'mail.send'>,
  { mailer, from }: SendMailDependencies,
): Promise<void> {
  const { subject, text } = renderMail(job.payload.template, job.payload.variables);
  await mailer.send({
    id: job.id,
    tenantId: job.tenantId,
    from,
    to: job.payload.to,
    subject,
    text,
  });
}
