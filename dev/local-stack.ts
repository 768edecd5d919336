/**
 * Starts every emulator on free loopback ports, creates the resources, and returns the environment
 * the real handlers need, exactly the variables CDK sets on AWS plus the local endpoints.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createBucket,
  createQueues,
  createTable,
  createUserPool,
  localCredentials,
  localRegion,
} from './bootstrap.ts';
import { startCognitoLocal } from './emulators/cognito.ts';
import { type Emulator, startDynamoDbLocal } from './emulators/dynamodb.ts';
import { startSqsEmulator } from './emulators/sqs.ts';
import { freePort } from './processes.ts';
import { type LocalStripe, startLocalStripe } from './stripe/local-billing.ts';

/** The local stand-in for the AppConfig feature-flags profile. */
const featureFlagsFile = fileURLToPath(
  new URL('../shared/features/feature-flags.json', import.meta.url),
);

// Node 20 runs the local stack on purpose (Lambda runs 22+); the SDK's reminder is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export interface LocalStackOptions {
  /** Keep DynamoDB and Cognito data in this directory across restarts; in memory when absent. */
  readonly persistDir?: string;
  readonly appName?: string;
  /** Port of the Stripe fake; a free one when absent. */
  readonly stripePort?: number;
}

export interface LocalStack {
  /** Environment variables for the handlers, as CDK would set them, plus local endpoints. */
  readonly env: Readonly<Record<string, string>>;
  readonly endpoints: Readonly<{ dynamodb: string; cognito: string; sqs: string; stripe: string }>;
  /** The local Stripe: point its webhooks at the gateway once it listens. */
  readonly stripe: LocalStripe['fake'];
  /** Settles with a report when any emulator died on its own: the stack no longer works. */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const appName = options.appName ?? 'tenantkit-local';
  const persistDir = options.persistDir === undefined ? undefined : resolve(options.persistDir);
  const workDir = persistDir ?? (await mkdtemp(join(tmpdir(), 'tenantkit-')));
  const dynamoDir = persistDir && join(persistDir, 'dynamodb');
  const cognitoDir = join(workDir, 'cognito');
  await mkdir(cognitoDir, { recursive: true });
  if (dynamoDir) await mkdir(dynamoDir, { recursive: true });

  const started: Emulator[] = [];
  let stripe: LocalStripe | undefined;
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...started.map((emulator) => emulator.stop()), stripe?.fake.stop()]);
    if (!persistDir) await rm(workDir, { recursive: true, force: true });
  };
  try {
    const [dynamoPort, cognitoPort, sqsPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
    ]);
    const results = await Promise.allSettled([
      startDynamoDbLocal({ port: dynamoPort, ...(dynamoDir && { dataDir: dynamoDir }) }),
      startCognitoLocal({
        port: cognitoPort,
        dataDir: cognitoDir,
        persist: persistDir !== undefined,
      }),
      startSqsEmulator({ port: sqsPort }),
    ]);
    for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) throw failure.reason;
    const emulators = started;
    const [dynamodb, cognito, sqs] = emulators.map((emulator) => emulator.endpoint) as [
      string,
      string,
      string,
    ];

    stripe = await startLocalStripe(
      options.stripePort === undefined ? {} : { port: options.stripePort },
    );
    const tableName = `${appName}-table`;
    const exportsBucket = `${appName}-exports`;
    const [pool, operatorPool, queues] = await Promise.all([
      createUserPool(cognito, appName),
      createUserPool(cognito, `${appName}-operators`, 'operator'),
      createQueues(sqs, appName),
      createTable(dynamodb, tableName),
      createBucket(sqs, exportsBucket),
    ]);
    const issuer = `${cognito}/${pool.userPoolId}`;
    const env: Record<string, string> = {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: dynamodb,
      COGNITO_ENDPOINT: cognito,
      SQS_ENDPOINT: sqs,
      S3_ENDPOINT: sqs,
      EXPORTS_BUCKET: exportsBucket,
      USER_POOL_ID: pool.userPoolId,
      USER_POOL_CLIENT_ID: pool.userPoolClientId,
      TOKEN_ISSUER: issuer,
      TOKEN_JWKS_URI: `${issuer}/.well-known/jwks.json`,
      // The control plane's own pool: its tokens never verify as a tenant's, nor the reverse.
      OPERATOR_POOL_ID: operatorPool.userPoolId,
      OPERATOR_POOL_CLIENT_ID: operatorPool.userPoolClientId,
      OPERATOR_TOKEN_ISSUER: `${cognito}/${operatorPool.userPoolId}`,
      OPERATOR_TOKEN_JWKS_URI: `${cognito}/${operatorPool.userPoolId}/.well-known/jwks.json`,
      JOBS_CRITICAL_QUEUE_URL: queues.critical.url,
      JOBS_CRITICAL_DLQ_URL: queues.critical.deadLetterUrl,
      JOBS_BULK_QUEUE_URL: queues.bulk.url,
      JOBS_BULK_DLQ_URL: queues.bulk.deadLetterUrl,
      // Mail is written to files here instead of sent: read it with GET /_local/outbox.
      MAIL_FROM: 'no-reply@tenantkit.local',
      MAIL_OUTBOX_DIR: join(workDir, 'outbox'),
      // Each request's and job's consumption, one JSON line each, for the daily cost rollup: what
      // the EMF lines in CloudWatch Logs are on AWS (metrics are off locally).
      CONSUMPTION_LOG_DIR: join(workDir, 'consumption'),
      // A fresh key per start: list cursors of an earlier run are simply refused as invalid.
      CURSOR_SECRET: randomBytes(32).toString('base64url'),
      POWERTOOLS_SERVICE_NAME: appName,
      POWERTOOLS_METRICS_NAMESPACE: 'TenantKitLocal',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_TRACE_ENABLED: 'false',
      // DynamoDB Local is a JVM on a shared laptop, far slower than DynamoDB: the limiter's
      // fail-open budget (50 ms on AWS) is wider here so `npm start` enforces rather than fails open.
      LIMITS_STORE_BUDGET_MS: '1000',
      // Feature-flag definitions, as AppConfig serves them on AWS; edits apply without a restart.
      FEATURE_FLAGS_FILE: featureFlagsFile,
      // Stripe is the local fake (dev/stripe): its keys, prices and where Checkout returns to.
      ...stripe.env,
    };
    return {
      env,
      endpoints: { dynamodb, cognito, sqs, stripe: stripe.fake.url },
      stripe: stripe.fake,
      died: Promise.race(emulators.map((emulator) => emulator.died)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
