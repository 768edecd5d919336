/**
 * The SES identity mail is sent from, when the stage asks the stack to create it (stage setting
 * `mailIdentity`): the sender's domain, signed with Easy DKIM, or the sender's address alone.
 */
import { CfnOutput } from 'aws-cdk-lib';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { MailIdentityKind } from '#lib/common/stage.ts';

export interface MailIdentityProps {
  /** The sender address (MAIL_FROM). */
  readonly from: string;
  /** `domain`: every address of the sender's domain, once its DKIM records are in DNS. `address`: SES mails the sender a link to click. */
  readonly kind: MailIdentityKind;
}

export class MailIdentity extends Construct {
  readonly identity: EmailIdentity;

  constructor(scope: Construct, id: string, props: MailIdentityProps) {
    super(scope, id);
    const domain = props.from.slice(props.from.indexOf('@') + 1);
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: props.kind === 'domain' ? Identity.domain(domain) : Identity.email(props.from),
    });
    if (props.kind === 'domain') {
      // The three CNAME records SES verifies the domain by (docs/deploy.md, "Mail").
      this.identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          value: `${record.name} CNAME ${record.value}`,
          description: `DKIM record ${index + 1} of 3 to publish in ${domain}'s DNS`,
        });
      });
    }
  }
}
