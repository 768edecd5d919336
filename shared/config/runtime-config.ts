/** The runtime configuration of every function, one reader per concern, each read once per cold start. */
import { once, optionalEnv, requireEnv } from './env.ts';

export interface AwsClientConfig {
  readonly region: string;
  /** Set only locally, where the emulators play the AWS services. */
  readonly endpoint?: string;
}

export interface DataConfig {
  readonly tableName: string;
  readonly client: AwsClientConfig;
  /**
   * The role that grants access to one tenant's items only (DynamoDB LeadingKeys on the session's
   * tenantId tag). Set on AWS; unset locally, where DynamoDB Local does not evaluate IAM.
   */
  readonly tenantRoleArn?: string;
}

export interface IdentityConfig {
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly client: AwsClientConfig;
}

export interface TokenConfig {
  /** The `iss` every token must carry: the Cognito user pool's issuer URL. */
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
}

function region(): string {
  return optionalEnv('AWS_REGION') ?? requireEnv('AWS_DEFAULT_REGION');
}

function clientConfig(endpointVariable: string): AwsClientConfig {
  const endpoint = optionalEnv(endpointVariable);
  return endpoint === undefined ? { region: region() } : { region: region(), endpoint };
}

export const dataConfig = once((): DataConfig => {
  const tenantRoleArn = optionalEnv('TENANT_DATA_ROLE_ARN');
  return {
    tableName: requireEnv('TABLE_NAME'),
    client: clientConfig('DYNAMODB_ENDPOINT'),
    ...(tenantRoleArn !== undefined && { tenantRoleArn }),
  };
});

export const identityConfig = once(
  (): IdentityConfig => ({
    userPoolId: requireEnv('USER_POOL_ID'),
    userPoolClientId: requireEnv('USER_POOL_CLIENT_ID'),
    client: clientConfig('COGNITO_ENDPOINT'),
  }),
);

export const tokenConfig = once((): TokenConfig => {
  const issuer = requireEnv('TOKEN_ISSUER');
  return {
    issuer,
    jwksUri: optionalEnv('TOKEN_JWKS_URI') ?? `${issuer}/.well-known/jwks.json`,
    audience: requireEnv('USER_POOL_CLIENT_ID'),
  };
});

/** Where the key that seals list cursors comes from: a local value, or a Secrets Manager secret on AWS. */
export type CursorSecretSource =
  | { readonly kind: 'value'; readonly secret: string }
  | { readonly kind: 'secretsManager'; readonly secretId: string };

export const cursorSecretSource = once((): CursorSecretSource => {
  const local = optionalEnv('CURSOR_SECRET');
  if (local !== undefined) return { kind: 'value', secret: local };
  return { kind: 'secretsManager', secretId: requireEnv('CURSOR_SECRET_ARN') };
});

export interface QueueConfig {
  readonly queueUrls: Readonly<Record<'critical' | 'bulk', string>>;
  readonly client: AwsClientConfig;
}

export const queueConfig = once(
  (): QueueConfig => ({
    queueUrls: {
      critical: requireEnv('JOBS_CRITICAL_QUEUE_URL'),
      bulk: requireEnv('JOBS_BULK_QUEUE_URL'),
    },
    client: clientConfig('SQS_ENDPOINT'),
  }),
);
