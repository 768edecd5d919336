/**
 * The Cognito user pool and the API's app client. Tenant and role live in custom attributes that
 * only the backend (admin APIs, from our sign-up and member routes) can write: the app client's
 * write list leaves them out, which is what makes JWT claims a trustworthy source of tenant.
 */
import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { claimNames } from '#shared/identity/cognito-directory.ts';
import { poolPasswordPolicy } from './pool-password-policy.ts';

export interface IdentityProps {
  /**
   * Blocks DeleteUserPool, from CloudFormation and the console alike.
   * @default false
   */
  readonly deletionProtection?: boolean;
  /** What happens to the pool (and its users) when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
  /**
   * ID and access token lifetime; also how long a revoked session's tokens stay usable.
   * @default Duration.hours(1)
   */
  readonly tokenValidity?: Duration;
  /**
   * Refresh token lifetime: how long a user stays signed in without a password.
   * @default Duration.days(30)
   */
  readonly refreshTokenValidity?: Duration;
}

/** `custom:tenantId` → `tenantId`: CDK names custom attributes without the prefix. */
function customAttributeName(claim: string): string {
  return claim.replace(/^custom:/, '');
}

export const customAttributes = {
  tenantId: customAttributeName(claimNames.tenantId),
  role: customAttributeName(claimNames.role),
} as const;

/** Tenant ids are ULIDs (shared/auth/tenant-context.ts). */
const tenantIdLength = 26;

export class Identity extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      signInAliases: { email: true },
      signInCaseSensitive: false,
      // Sign-up goes through POST /v1/tenants, which creates the tenant and its owner together.
      selfSignUpEnabled: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Immutable: once a user belongs to a tenant, not even an admin call can move them.
        [customAttributes.tenantId]: new StringAttribute({
          minLen: tenantIdLength,
          maxLen: tenantIdLength,
          mutable: false,
        }),
        [customAttributes.role]: new StringAttribute({ minLen: 1, maxLen: 20, mutable: true }),
      },
      passwordPolicy: poolPasswordPolicy(Duration.days(3)),
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Each user chooses; a tenant that sets requireMfa makes its members enrol (the API enforces it).
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.deletionProtection ?? false,
      removalPolicy: props.removalPolicy,
    });

    const tokenValidity = props.tokenValidity ?? Duration.hours(1);
    this.userPoolClient = this.userPool.addClient('ApiClient', {
      // Password sign-in plus refresh (CDK always adds ALLOW_REFRESH_TOKEN_AUTH); nothing else.
      authFlows: { userPassword: true },
      // The API is the only client, so no hosted UI or OAuth redirect flows to attack.
      disableOAuth: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: tokenValidity,
      accessTokenValidity: tokenValidity,
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, locale: true })
        .withCustomAttributes(customAttributes.tenantId, customAttributes.role),
      // Never the custom attributes, and never email (it keys the member lookup, so it changes
      // through our API). The list is kept non-empty on purpose: without one, Cognito lets the
      // client write every standard attribute.
      writeAttributes: new ClientAttributes().withStandardAttributes({
        fullname: true,
        locale: true,
      }),
    });

    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional per user (TOTP only, no SMS) because one pool serves every tenant: a tenant that wants it for all its members sets requireMfa, and the API then lets a member without an authenticator reach only the enrolment routes (shared/http/api-handler.ts).',
    });
    const plusPlanReason =
      'Threat protection (advanced security) needs the Cognito Plus feature plan, billed per monthly active user, and cannot be emulated locally; password guessing is limited by Cognito lockouts and API throttling. Move to Plus per deployment when the budget allows.';
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG3', reason: plusPlanReason });
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG8', reason: plusPlanReason });
  }
}
