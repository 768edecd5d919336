/** The runtime configuration of every function, one reader per concern, each read once per cold start. */
import { parseCorsOrigins } from '#shared/http/cors.ts';
import type { QueueName } from '#shared/jobs/queue-design.ts';
import { ConfigurationError, once, optionalEnv, requireEnv } from './env.ts';

/** How long one SDK call may take: every client gets these, so no dependency can hang a function. */
export interface AwsClientTimeouts {
  readonly requestHandler: {
    /** Milliseconds to open a connection. */
    readonly connectionTimeout: number;
    /** Milliseconds for one attempt, request and response together. */
    readonly requestTimeout: number;
    /** Without it the SDK only warns when requestTimeout passes. */
    readonly throwOnRequestTimeout: true;
  };
  /** Attempts per call, the first included (the SDK retries network errors, throttling and 5xx). */
  readonly maxAttempts: number;
}

/** The readers below always set the timeouts; tests and tools may leave them to the SDK. */
export interface AwsClientConfig extends Partial<AwsClientTimeouts> {
  readonly region: string;
  /** Set only locally, where the emulators play the AWS services. */
  readonly endpoint?: string;
}

/**
 * 1 s to connect, 2 s per attempt, 3 attempts: a dependency that hangs fails one call in at most
 * about 6.6 s (3 × 2 s plus the SDK's jittered backoff of at most 0.6 s), within the functions' 10 s
 * timeout and far within API Gateway's 29 s, and the API answers 503 instead of timing out. Single
 * items and transactions take milliseconds, so 2 s only ever cuts off a call that is stuck.
 */
export const awsClientTimeouts: AwsClientTimeouts = {
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
  maxAttempts: 3,
};

/** S3 parts of an export file are 8 MiB: 30 s per attempt, for the bulk worker (15 min timeout). */
const storageTimeouts: AwsClientTimeouts = {
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
  maxAttempts: 3,
};

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

function clientConfig(
  endpointVariable: string,
  timeouts: AwsClientTimeouts = awsClientTimeouts,
): AwsClientConfig {
  const endpoint = optionalEnv(endpointVariable);
  return { region: region(), ...timeouts, ...(endpoint !== undefined && { endpoint }) };
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

/**
 * The operators' own user pool (the control plane's identity): separate from the tenants' pool, so
 * neither pool's tokens verify as the other's (issuer and audience differ).
 */
export const operatorIdentityConfig = once(
  (): IdentityConfig => ({
    userPoolId: requireEnv('OPERATOR_POOL_ID'),
    userPoolClientId: requireEnv('OPERATOR_POOL_CLIENT_ID'),
    client: clientConfig('COGNITO_ENDPOINT'),
  }),
);

export const operatorTokenConfig = once((): TokenConfig => {
  const issuer = requireEnv('OPERATOR_TOKEN_ISSUER');
  return {
    issuer,
    jwksUri: optionalEnv('OPERATOR_TOKEN_JWKS_URI') ?? `${issuer}/.well-known/jwks.json`,
    audience: requireEnv('OPERATOR_POOL_CLIENT_ID'),
  };
});

/** The stage whose authorizer cache a route flushes: set on AWS; unset locally (the gateway's own cache). */
export interface ApiStageConfig {
  readonly restApiId: string;
  readonly stageName: string;
  readonly client: AwsClientConfig;
}

export const apiStageConfig = once((): ApiStageConfig | undefined => {
  const restApiId = optionalEnv('REST_API_ID');
  if (restApiId === undefined) return undefined;
  return {
    restApiId,
    stageName: requireEnv('API_STAGE_NAME'),
    client: clientConfig('APIGATEWAY_ENDPOINT'),
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
  readonly client: AwsClientConfig;
  /**
   * The URL of one queue. Read on first use, so a function bound to one queue (a route that only
   * enqueues bulk jobs) does not need the other queue's variable.
   */
  queueUrl(queue: QueueName): string;
}

const queueUrlVariables: Readonly<Record<QueueName, string>> = {
  critical: 'JOBS_CRITICAL_QUEUE_URL',
  bulk: 'JOBS_BULK_QUEUE_URL',
};

export const queueConfig = once((): QueueConfig => {
  const urls = new Map<QueueName, string>();
  return {
    client: clientConfig('SQS_ENDPOINT'),
    queueUrl(queue) {
      let url = urls.get(queue);
      if (url === undefined) {
        url = requireEnv(queueUrlVariables[queue]);
        urls.set(queue, url);
      }
      return url;
    },
  };
});

/** Where mail goes: SES on AWS, or a local outbox directory (one file per message). */
export type MailConfig =
  | { readonly kind: 'outbox'; readonly from: string; readonly outboxDir: string }
  | { readonly kind: 'ses'; readonly from: string; readonly client: AwsClientConfig };

export const mailConfig = once((): MailConfig => {
  const from = requireEnv('MAIL_FROM');
  const outboxDir = optionalEnv('MAIL_OUTBOX_DIR');
  if (outboxDir !== undefined) return { kind: 'outbox', from, outboxDir };
  return { kind: 'ses', from, client: clientConfig('SES_ENDPOINT') };
});

export interface ExportStorageConfig {
  readonly bucketName: string;
  readonly client: AwsClientConfig & { readonly forcePathStyle: boolean };
}

/** The bucket export files go to; locally the S3 emulator, which needs path-style URLs. */
export const exportStorageConfig = once((): ExportStorageConfig => {
  const client = clientConfig('S3_ENDPOINT', storageTimeouts);
  return {
    bucketName: requireEnv('EXPORTS_BUCKET'),
    client: { ...client, forcePathStyle: client.endpoint !== undefined },
  };
});

/**
 * How long offboarding waits after the deletion request before it deletes anything: the API
 * Gateway authorizer cache (60 s) plus the longest request (10 s) and a margin, so no request let
 * through by a cached authorization can still write once the sweep has passed.
 */
export const offboardingGraceSeconds = once((): number => {
  const value = optionalEnv('OFFBOARDING_GRACE_SECONDS');
  if (value === undefined) return 75;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 0) {
    throw new ConfigurationError(`OFFBOARDING_GRACE_SECONDS must be a whole number, not ${value}`);
  }
  return seconds;
});

export interface LimitsConfig {
  /** `RATE_LIMITS=off` turns the request limiter off (benchmarks compare with and without). */
  readonly enabled: boolean;
  /**
   * Multiplies every rate, burst and quota the limiter enforces. 1 everywhere but test runs, whose
   * many tenants share one source IP and send requests back to back; the code path is the same.
   */
  readonly scale: number;
  /** How long the limiter may wait for its store before the request goes through (fail open). */
  readonly storeBudgetMs: number;
}

function positiveNumber(name: string, fallback: number): number {
  const value = optionalEnv(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new ConfigurationError(`${name} must be a positive number, not ${value}`);
  }
  return parsed;
}

export const limitsConfig = once(
  (): LimitsConfig => ({
    enabled: optionalEnv('RATE_LIMITS') !== 'off',
    scale: positiveNumber('LIMITS_SCALE', 1),
    storeBudgetMs: positiveNumber('LIMITS_STORE_BUDGET_MS', 50),
  }),
);

export interface CorsConfig {
  /** Browser origins allowed to read the API's answers; empty: no CORS headers at all. */
  readonly allowedOrigins: readonly string[];
}

/** The stage's CORS origins (stage setting `corsOrigins`, set on every API function). */
export const corsConfig = once(
  (): CorsConfig => ({ allowedOrigins: parseCorsOrigins(optionalEnv('CORS_ALLOWED_ORIGINS')) }),
);

/**
 * Where the local runtime appends each request's and job's consumption (shared/costs), for the daily
 * rollup to read; unset on AWS, where the EMF lines in CloudWatch Logs are the record.
 */
export const consumptionLogDir = once((): string | undefined => optionalEnv('CONSUMPTION_LOG_DIR'));

/** Where the daily rollup reads consumption: the local log, or Logs Insights over the stack's log groups. */
export type CostSourceConfig =
  | { readonly kind: 'local'; readonly dir: string }
  | {
      readonly kind: 'logsInsights';
      /** The stack's log groups all start with it (its name and a hyphen). */
      readonly logGroupPrefix: string;
      readonly client: AwsClientConfig;
    };

/** Undefined where neither is configured (the stack does not grant Logs Insights yet): no cost rollup. */
export const costSourceConfig = once((): CostSourceConfig | undefined => {
  const dir = consumptionLogDir();
  if (dir !== undefined) return { kind: 'local', dir };
  if (optionalEnv('COST_LOG_GROUP_PREFIX') === undefined) return undefined;
  return {
    kind: 'logsInsights',
    logGroupPrefix: requireEnv('COST_LOG_GROUP_PREFIX'),
    client: clientConfig('LOGS_ENDPOINT'),
  };
});
