/**
 * Billing's AWS resources in one construct: the Stripe secret (created empty, `{}`; the operator
 * stores `{"secretKey","webhookSecret"}` in it, see the README), and the binding that gives a
 * function that calls Stripe read access to it plus the price table and return URL. Functions read
 * the secret once per cold start; until it is filled in, billing answers 503.
 */
import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { ServiceFunction } from '#lib/common/service-function.ts';

export interface BillingProps {
  /**
   * Stripe price ids per plan and interval, as CDK context `stripePrices` gives them, e.g.
   * `{"pro":{"month":"price_…","year":"price_…"},"enterprise":{"month":"price_…"}}`.
   * @default - `{}`: no plan can be bought until prices are configured
   */
  readonly prices?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The Stripe meter event name of each figure the hourly job reports, as CDK context `stripeMeters`
   * gives them, e.g. `{"requests":"api_requests","seats":"seats"}` (figures: requests, seats,
   * projects, webhooks).
   * @default - `{}`: no usage is reported
   */
  readonly meters?: Readonly<Record<string, string>>;
  /** Where Checkout and the portal send the customer back (CDK context `billingReturnUrl`). */
  readonly returnUrl: string;
  /** Days a past-due tenant keeps full access. @default 7 */
  readonly graceDays?: number;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

export class Billing extends Construct {
  readonly stripeSecret: Secret;
  private readonly props: BillingProps;

  constructor(scope: Construct, id: string, props: BillingProps) {
    super(scope, id);
    this.props = props;
    this.stripeSecret = new Secret(this, 'StripeSecret', {
      description:
        'Stripe secret key and webhook signing secret: {"secretKey":"sk_…","webhookSecret":"whsec_…"}; empty until set',
      secretStringValue: SecretValue.unsafePlainText('{}'),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.stripeSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The Stripe keys are issued by Stripe, not by AWS: they are rolled in the Stripe dashboard and stored here by the operator, which a rotation Lambda cannot do.',
    });
  }

  /** Every API function: the grace period the read-only check uses. */
  bindAccessRules(fn: ServiceFunction): void {
    fn.addEnvironment('BILLING_GRACE_DAYS', String(this.props.graceDays ?? 7));
  }

  /**
   * A function that calls Stripe: the secret (read access), the price table, the meters and the
   * return URL.
   */
  bind(fn: ServiceFunction): void {
    fn.bindSecret(this.stripeSecret, 'STRIPE_SECRET_ARN');
    fn.addEnvironment('STRIPE_PRICES', JSON.stringify(this.props.prices ?? {}));
    fn.addEnvironment('STRIPE_METERS', JSON.stringify(this.props.meters ?? {}));
    fn.addEnvironment('BILLING_RETURN_URL', this.props.returnUrl);
    this.bindAccessRules(fn);
  }
}
