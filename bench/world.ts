/**
 * The emulators, and two tables seeded alike: routes run against the `route` table, their bare
 * handlers replay the very same calls against the `base` table, so both start every request from
 * the same items. Seeding goes through the real API (the local gateway, handlers from source, in
 * this process); every DynamoDB write it makes is copied to the base table as it was sent. The
 * Cognito pool, queues and bucket are shared. A UDP socket stands in for the X-Ray daemon.
 */
import { randomUUID } from 'node:crypto';
import { createSocket } from 'node:dgram';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { createTable, localCredentials } from '#dev/bootstrap.ts';
import { createGateway } from '#dev/gateway.ts';
import { lambdaContext } from '#dev/lambda-context.ts';
import { startLocalStack } from '#dev/local-stack.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { authorizerEvent } from './events.ts';
import { recordAwsCalls, type WireCall } from './wire.ts';

export const benchPassword = 'Correct-Horse-9-Battery';

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly etag: string;
}

export interface World {
  readonly routeTable: string;
  readonly baseTable: string;
  /** The environment of a function on `table`, as CDK sets it on AWS, plus the local endpoints. */
  functionEnv(table: string): Record<string, string>;
  /** A request through the local gateway, as a client sends it. */
  api(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiResponse>;
  /** Signs in with Cognito directly, as the login route does (no audit event, no wait). */
  signIn(email: string): Promise<{ idToken: string; refreshToken: string }>;
  /** The context the authorizer (from source) attaches for `token`. */
  contextOf(token: string): Promise<Record<string, string>>;
  /** The token of the invitation mailed to `email` (taken from its queued mail job). */
  invitationToken(email: string): string;
  /** Runs the queued job `id` through the bulk worker, from source, as Lambda's poller would. */
  runBulkJob(id: string): Promise<void>;
  /** Waits until every seeded write has reached the base table. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'TransactWriteItems',
  'BatchWriteItem',
]);

export async function startWorld(): Promise<World> {
  const stack = await startLocalStack({ appName: 'tenantkit-bench' });
  let gateway: Server | undefined;
  // Segments are sent and dropped here, as the daemon would take them.
  const xrayDaemon = createSocket('udp4');
  try {
    await new Promise<void>((resolve) => xrayDaemon.bind(0, '127.0.0.1', resolve));
    const routeTable = stack.env.TABLE_NAME ?? '';
    const baseTable = `${routeTable}-base`;
    await createTable(stack.endpoints.dynamodb, baseTable);
    // The handlers this process runs (seeding) read their configuration once, from here on.
    Object.assign(process.env, stack.env, { POWERTOOLS_LOG_LEVEL: 'SILENT', LIMITS_SCALE: '1000' });
    const region = stack.env.AWS_REGION ?? 'us-east-1';
    const config = { region, credentials: localCredentials };
    const table = new dynamodb.DynamoDBClient({ ...config, endpoint: stack.endpoints.dynamodb });
    const cognito = new CognitoIdentityProviderClient({
      ...config,
      endpoint: stack.endpoints.cognito,
    });

    let copying: Promise<unknown> = Promise.resolve();
    const failures: unknown[] = [];
    const copyToBase = (call: WireCall, operation: string): void => {
      // The SDK's own idempotency token would make DynamoDB refuse a copy with another table name.
      const { ClientRequestToken: _token, ...input } = JSON.parse(
        call.body.replaceAll(`"${routeTable}"`, `"${baseTable}"`),
      ) as Record<string, unknown>;
      const Command = (
        dynamodb as unknown as Record<string, new (input: object) => dynamodb.PutItemCommand>
      )[`${operation}Command`];
      if (Command === undefined) throw new Error(`Cannot copy ${operation}`);
      copying = copying
        .then(() => table.send(new Command(input)))
        .catch((error: unknown) => failures.push(error));
    };
    const mails = new Map<string, string>();
    const jobs = new Map<string, { body: string; queueUrl: string }>();
    recordAwsCalls((call) => {
      const operation = call.target.split('.')[1] ?? '';
      if (call.status !== 200) return;
      if (
        call.target.startsWith('DynamoDB') &&
        writeOperations.has(operation) &&
        call.body.includes(`"${routeTable}"`)
      ) {
        copyToBase(call, operation);
      } else if (call.target === 'AmazonSQS.SendMessage') {
        const { MessageBody = '', QueueUrl = '' } = JSON.parse(call.body) as {
          MessageBody?: string;
          QueueUrl?: string;
        };
        const to = /"to":"([^"]+)"/.exec(MessageBody)?.[1];
        const token = /"token":"([^"]+)"/.exec(MessageBody)?.[1];
        if (to !== undefined && token !== undefined) mails.set(to, token);
        const id = (JSON.parse(MessageBody) as { id?: unknown }).id;
        if (typeof id === 'string') jobs.set(id, { body: MessageBody, queueUrl: QueueUrl });
      }
    });

    gateway = createGateway({
      routes: Object.values(routes as Readonly<Record<string, RouteDefinition>>),
      rootDir: repoRoot,
      authorizerCacheTtlSeconds: 0,
    });
    const server = gateway;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const load = async <H>(entry: string): Promise<H> =>
      ((await import(pathToFileURL(join(repoRoot, entry)).href)) as { handler: H }).handler;

    return {
      routeTable,
      baseTable,
      functionEnv(tableName) {
        const {
          POWERTOOLS_METRICS_DISABLED: _metrics,
          POWERTOOLS_TRACE_ENABLED: _trace,
          ...env
        } = stack.env;
        return {
          ...env,
          TABLE_NAME: tableName,
          // The limiter runs as on AWS, its buckets big enough for the bench's back-to-back requests.
          LIMITS_SCALE: '1000',
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
        };
      },
      async api(method, path, options = {}) {
        const response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: {
            ...(options.body !== undefined && { 'content-type': 'application/json' }),
            ...(options.token !== undefined && { authorization: `Bearer ${options.token}` }),
            ...options.headers,
          },
          ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        });
        const text = await response.text();
        return {
          status: response.status,
          body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
          etag: response.headers.get('etag') ?? '',
        };
      },
      async signIn(email) {
        const { AuthenticationResult: tokens } = await cognito.send(
          new InitiateAuthCommand({
            ClientId: stack.env.USER_POOL_CLIENT_ID,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: benchPassword },
          }),
        );
        return { idToken: tokens?.IdToken ?? '', refreshToken: tokens?.RefreshToken ?? '' };
      },
      async contextOf(token) {
        type Authorizer = (
          event: unknown,
          context: unknown,
        ) => Promise<{ context?: Record<string, unknown> }>;
        const authorize = await load<Authorizer>(authorizerEntry);
        const { context = {} } = await authorize(
          authorizerEvent(routes.getMe, token, randomUUID()),
          lambdaContext('authorizer'),
        );
        return Object.fromEntries(
          Object.entries(context).map(([name, value]) => [name, String(value)]),
        );
      },
      invitationToken(email) {
        const token = mails.get(email);
        if (token === undefined) throw new Error(`No invitation mail to ${email}`);
        return token;
      },
      async runBulkJob(id) {
        const job = jobs.get(id);
        if (job === undefined) throw new Error(`No queued job ${id}`);
        const run = await load<
          (event: SQSEvent, context: unknown) => Promise<{ batchItemFailures: unknown[] }>
        >('functions/jobs/bulk-worker.ts');
        const now = String(Date.now());
        const { batchItemFailures } = await run(
          {
            Records: [
              {
                messageId: randomUUID(),
                receiptHandle: 'bench',
                body: job.body,
                attributes: {
                  ApproximateReceiveCount: '1',
                  SentTimestamp: now,
                  SenderId: 'bench',
                  ApproximateFirstReceiveTimestamp: now,
                },
                messageAttributes: {},
                md5OfBody: '',
                eventSource: 'aws:sqs',
                eventSourceARN: `arn:aws:sqs:${region}:000000000000:${job.queueUrl.split('/').pop()}`,
                awsRegion: region,
              },
            ],
          },
          lambdaContext('bulk-worker', 60_000),
        );
        if (batchItemFailures.length > 0) throw new Error(`The bulk worker failed job ${id}`);
      },
      async flush() {
        await copying;
        if (failures.length > 0) throw failures[0];
      },
      async stop() {
        server.closeAllConnections();
        server.close();
        table.destroy();
        cognito.destroy();
        xrayDaemon.close();
        await stack.stop();
      },
    };
  } catch (error) {
    gateway?.close();
    xrayDaemon.close();
    await stack.stop();
    throw error;
  }
}
