/**
 * The emulators, and two tables seeded alike: functions run against the route table, their bare
 * handlers replay the very same calls against the base table, so both start every request from the
 * same items. Seeding goes through the local gateway as `npm start` serves it (handlers from source,
 * in this process); every DynamoDB write it makes is copied to the base table as it was sent. The
 * Cognito pool, queues and bucket are shared. A UDP socket stands in for the X-Ray daemon.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import { createTable, localCredentials } from '#dev/bootstrap.ts';
import { createGateway } from '#dev/gateway.ts';
import { lambdaContext } from '#dev/lambda-context.ts';
import { startLocalStack } from '#dev/local-stack.ts';
import { startLocalWorkers } from '#dev/workers.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { authorizerEvent } from './events.ts';
import { recordAwsCalls, type WireCall } from './wire.ts';

/**
 * The limiter on as on AWS, its buckets big enough for the bench's back-to-back requests (free: 500
 * a second). Not more: a tenant spreads over one limiter item per 500 requests a second, and
 * GET /v1/usage reads them all (enterprise here: 100).
 */
const limitsScale = '100';

export const benchPassword = 'Correct-Horse-9-Battery';

export interface World {
  readonly routeTable: string;
  readonly baseTable: string;
  /** The local gateway's URL (the authorizer's 60 s cache, as `npm start`). */
  readonly url: string;
  /** The environment of a function on `table`, as CDK sets it on AWS, plus the local endpoints. */
  functionEnv(table: string): Record<string, string>;
  /** A POST through the local gateway, as a client sends it (no body when `body` is undefined). */
  post(path: string, body: unknown, token?: string): Promise<{ status: number; body: unknown }>;
  /** Signs in with Cognito directly, as the login route does (no audit event, no wait). */
  signIn(email: string): Promise<{ idToken: string; refreshToken: string }>;
  /** The context the authorizer (from source) attaches for `token`. */
  contextOf(token: string): Promise<Record<string, string>>;
  /** The token of the invitation mailed to `email` (taken from its queued mail job). */
  invitationToken(email: string): string;
  /** Runs every queued job through the workers, from source, as Lambda's pollers would. */
  runJobs(): Promise<void>;
  /** Waits until every seeded write has reached the base table. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const writes = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
  'BatchWriteItem',
]);
type Command = new (input: object) => dynamodb.PutItemCommand;

export async function startWorld(): Promise<World> {
  const stack = await startLocalStack({ appName: 'tenantkit-bench' });
  const xrayDaemon = createSocket('udp4');
  const gateway = createGateway({
    routes: Object.values(routes as Readonly<Record<string, RouteDefinition>>),
    rootDir: repoRoot,
    authorizerCacheTtlSeconds: 60,
  });
  const { env, endpoints } = stack;
  const config = { region: env.AWS_REGION ?? 'us-east-1', credentials: localCredentials };
  const table = new dynamodb.DynamoDBClient({ ...config, endpoint: endpoints.dynamodb });
  const cognito = new CognitoIdentityProviderClient({ ...config, endpoint: endpoints.cognito });
  const stop = async (): Promise<void> => {
    gateway.closeAllConnections();
    gateway.close();
    xrayDaemon.close();
    table.destroy();
    cognito.destroy();
    await stack.stop();
  };
  try {
    await new Promise<void>((resolve) => xrayDaemon.bind(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    const routeTable = env.TABLE_NAME ?? '';
    const baseTable = `${routeTable}-base`;
    await createTable(endpoints.dynamodb, baseTable);
    // The handlers this process runs (seeding) read their configuration once, from here on.
    Object.assign(process.env, env, { POWERTOOLS_LOG_LEVEL: 'SILENT', LIMITS_SCALE: limitsScale });

    let copying: Promise<unknown> = Promise.resolve();
    const failures: unknown[] = [];
    const mails = new Map<string, string>();
    recordAwsCalls((call: WireCall) => {
      const operation = call.target.split('.')[1] ?? '';
      if (call.status !== 200) return;
      if (writes.has(operation) && call.body.includes(`"${routeTable}"`)) {
        // The SDK's own idempotency token would make DynamoDB refuse a copy to another table.
        const { ClientRequestToken: _token, ...input } = JSON.parse(
          call.body.replaceAll(`"${routeTable}"`, `"${baseTable}"`),
        ) as Record<string, unknown>;
        const Copy = (dynamodb as unknown as Record<string, Command>)[`${operation}Command`];
        copying = copying
          .then(() => table.send(new (Copy as Command)(input)))
          .catch((error: unknown) => failures.push(error));
      } else if (call.target === 'AmazonSQS.SendMessage') {
        const { MessageBody = '' } = JSON.parse(call.body) as { MessageBody?: string };
        const to = /"to":"([^"]+)"/.exec(MessageBody)?.[1];
        const token = /"token":"([^"]+)"/.exec(MessageBody)?.[1];
        if (to !== undefined && token !== undefined) mails.set(to, token);
      }
    });
    const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    const { handler: authorize } = (await import(
      pathToFileURL(join(repoRoot, authorizerEntry)).href
    )) as { handler: (event: unknown, context: unknown) => Promise<{ context?: object }> };
    const { POWERTOOLS_METRICS_DISABLED: _m, POWERTOOLS_TRACE_ENABLED: _t, ...functionBase } = env;

    return {
      routeTable,
      baseTable,
      url,
      functionEnv: (tableName) => ({
        ...functionBase,
        TABLE_NAME: tableName,
        LIMITS_SCALE: limitsScale,
        // As ServiceFunction sets them: metrics on (EMF to stdout), the default log level.
        POWERTOOLS_SERVICE_NAME: 'tenantkit',
        POWERTOOLS_METRICS_NAMESPACE: 'TenantKit',
        // As Lambda with active tracing: Tracer on, every invocation sampled (bench/driver.ts).
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
        LAMBDA_TASK_ROOT: repoRoot,
        AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${(xrayDaemon.address() as AddressInfo).port}`,
        AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
        // Node 20 here, 22 on Lambda: the SDK's warning would be noise in the timings.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }),
      async post(path, body, token) {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: {
            ...(body !== undefined && { 'content-type': 'application/json' }),
            ...(token !== undefined && { authorization: `Bearer ${token}` }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        return { status: response.status, body: text === '' ? {} : JSON.parse(text) };
      },
      async signIn(email) {
        const { AuthenticationResult: tokens } = await cognito.send(
          new InitiateAuthCommand({
            ClientId: env.USER_POOL_CLIENT_ID,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: benchPassword },
          }),
        );
        return { idToken: tokens?.IdToken ?? '', refreshToken: tokens?.RefreshToken ?? '' };
      },
      async contextOf(token) {
        const event = authorizerEvent(routes.getMe, token);
        const { context = {} } = await authorize(event, lambdaContext('authorizer'));
        return Object.fromEntries(Object.entries(context).map(([k, v]) => [k, String(v)]));
      },
      invitationToken(email) {
        const token = mails.get(email);
        if (token === undefined) throw new Error(`No invitation mail to ${email}`);
        return token;
      },
      async runJobs() {
        const workers = await startLocalWorkers({
          rootDir: repoRoot,
          sqsEndpoint: endpoints.sqs,
          queueUrls: {
            critical: env.JOBS_CRITICAL_QUEUE_URL ?? '',
            bulk: env.JOBS_BULK_QUEUE_URL ?? '',
          },
        });
        await workers.drained();
        await workers.stop();
      },
      async flush() {
        await copying;
        if (failures.length > 0) throw failures[0];
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
