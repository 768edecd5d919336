/** Outgoing mail as the domain sees it, and the port that delivers it (SES on AWS, an outbox locally). */

export interface MailMessage {
  /** The job id: delivery is idempotent on it where the transport allows (the local outbox does). */
  readonly id: string;
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
