/**
 * The operators' own Cognito user pool: the control plane's identity, apart from the tenants' pool,
 * so no tenant token (an owner's included) can ever verify on an operator route, nor the reverse.
 * No self sign-up and no custom attributes: operators are created by `npm run operator -- create`.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { poolPasswordPolicy } from './pool-password-policy.ts';

export interface OperatorIdentityProps {
  /**
   * Blocks DeleteUserPool, from CloudFormation and the console alike.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /** What happens to the pool (and its operators) when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
}

export class OperatorIdentity extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: OperatorIdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'OperatorPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: false,
      standardAttributes: { email: { required: true, mutable: false } },
      passwordPolicy: poolPasswordPolicy(Duration.days(1)),
      // An operator who loses their authenticator is re-created by another operator, never by mail.
      accountRecovery: AccountRecovery.NONE,
      // TOTP is required of every operator; see the COG2 note below for why the pool says OPTIONAL.
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.deletionProtection ?? false,
      removalPolicy: props.removalPolicy,
    });
    this.userPoolClient = this.userPool.addClient('OperatorClient', {
      authFlows: { userPassword: true },
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // Shorter than a tenant's session: an operator's token reaches every tenant.
      idTokenValidity: Duration.minutes(30),
      accessTokenValidity: Duration.minutes(30),
      refreshTokenValidity: Duration.hours(12),
    });

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'TOTP is required of every operator, enforced in two places instead of by the pool setting: the operator authorizer refuses the token of any operator without an enrolled authenticator (shared/platform/authorize-operator.ts), and the sign-in routes answer tokens only after a TOTP code. The pool says OPTIONAL so that enrolment runs one code path on AWS and on the local emulator, which has no MFA_SETUP challenge.',
    });
    const plusPlanReason =
      'Threat protection needs the Cognito Plus feature plan and cannot be emulated locally; operators are few, sign in with TOTP, and sign-in is limited per email and source IP by the API.';
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG3', reason: plusPlanReason });
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG8', reason: plusPlanReason });
  }
}
