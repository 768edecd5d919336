/** The AWS Mailer: Amazon SES v2, plain-text mail, tagged with tenant and job for SES event tracking. */
import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, MailMessage } from './model.ts';

/** SES tag values allow letters, digits, `_ - . @` only. */
const tagValue = (value: string): string => value.replace(/[^A-Za-z0-9_.@-]/g, '_').slice(0, 256);

export class SesMailer implements Mailer {
  constructor(private readonly client: SESv2Client) {}

  async send(message: MailMessage): Promise<void> {
    // SES has no idempotency token: the worker's job claim is what keeps a retry from sending twice.
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: message.from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: { Text: { Data: message.text, Charset: 'UTF-8' } },
          },
        },
        EmailTags: [
          { Name: 'tenantId', Value: tagValue(message.tenantId) },
          { Name: 'jobId', Value: tagValue(message.id) },
        ],
      }),
    );
  }
}
