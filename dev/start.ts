/**
 * `npm start`: the whole backend on loopback. Starts the emulators, creates the resources, serves
 * the local gateway on PORT (default 3000), and stops every child process on Ctrl-C or SIGTERM.
 * `npm start -- --persist` keeps DynamoDB and Cognito data in .local/ across restarts.
 */

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { routes } from '#shared/api/routes.ts';
import { serveDocs } from './docs-page.ts';
import { createGateway } from './gateway.ts';
import {
  createOperatorPage,
  dailySchedulePage,
  meterSchedulePage,
  outboxPage,
  redrivePage,
} from './local-endpoints.ts';
import { startLocalStack } from './local-stack.ts';
import { stopWithNpm } from './parent-watch.ts';
import { defaultStripeFakePort } from './stripe/local-billing.ts';
import { startLocalWorkers } from './workers.ts';

/** What API Gateway's authorizer cache is set to in CDK; locally the same, so revocation behaves alike. */
export const authorizerCacheTtlSeconds = 60;

const rootDir = fileURLToPath(new URL('..', import.meta.url));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      persist: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
  });
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`Invalid PORT ${process.env.PORT}`);

  const stack = await startLocalStack({
    ...(values.persist && { persistDir: `${rootDir}.local` }),
    stripePort: Number(process.env.STRIPE_FAKE_PORT ?? defaultStripeFakePort),
  });
  // The handlers read their configuration from the environment, exactly as on Lambda.
  Object.assign(process.env, stack.env, {
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
    // A handler answering other than its route declares fails loudly here, not in production.
    API_RESPONSE_CHECKS: process.env.API_RESPONSE_CHECKS ?? 'true',
  });

  const env = stack.env;
  const gateway = createGateway({
    routes: Object.values(routes),
    rootDir,
    authorizerCacheTtlSeconds,
    localPages: [
      serveDocs,
      outboxPage(requiredLocal(env, 'MAIL_OUTBOX_DIR')),
      dailySchedulePage(rootDir),
      meterSchedulePage(rootDir),
      redrivePage,
      createOperatorPage(),
    ],
    onRequest: values.quiet
      ? undefined
      : (line) =>
          console.log(
            `${line.method} ${line.path} → ${line.status} (${line.durationMs.toFixed(0)} ms) ${line.requestId}`,
          ),
  });

  // Plays Lambda's SQS event source mappings: the real worker handlers, in this process.
  const workers = await startLocalWorkers({
    rootDir,
    sqsEndpoint: stack.endpoints.sqs,
    queueUrls: {
      critical: requiredLocal(env, 'JOBS_CRITICAL_QUEUE_URL'),
      bulk: requiredLocal(env, 'JOBS_BULK_QUEUE_URL'),
    },
    onLog: (line) => console.log(line),
  });

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    gateway.closeAllConnections();
    gateway.close();
    await workers.stop();
    await stack.stop();
    process.exit(exitCode);
  };
  // A dead emulator would turn every request into an error for as long as we ran: stop, loudly.
  void stack.died.then((report) => {
    console.error(
      `\n${'!'.repeat(72)}\nAn emulator died, so the local backend cannot work any more:\n${report}\n${'!'.repeat(72)}`,
    );
    void shutdown('emulator died', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  stopWithNpm(() => void shutdown('npm exited'));

  await new Promise<void>((resolve, reject) => {
    gateway.once('error', reject);
    gateway.listen(port, '127.0.0.1', resolve);
  });
  const address = gateway.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  // Stripe's webhooks reach the gateway as they would reach API Gateway.
  stack.stripe.setWebhookUrl(`http://127.0.0.1:${actualPort}/webhooks/stripe`);
  console.log(
    `TenantKit local backend ready at http://127.0.0.1:${actualPort} — API reference at /docs (DynamoDB ${stack.endpoints.dynamodb}, Cognito ${stack.endpoints.cognito}, SQS ${stack.endpoints.sqs}, Stripe fake ${stack.endpoints.stripe}${values.persist ? ', data kept in .local/' : ', in memory'})`,
  );
}

function requiredLocal(env: Readonly<Record<string, string>>, name: string): string {
  const value = env[name];
  if (value === undefined) throw new Error(`The local stack set no ${name}`);
  return value;
}

main().catch((error: unknown) => {
  console.error('npm start failed:', error);
  process.exit(1);
});
