/**
 * `npm run bench:limiter`: what the request limiter adds to one request. Runs the same apiHandler
 * route with the limiter on and off (RATE_LIMITS) against DynamoDB Local, and prints the added p50
 * and p99 in ms, DynamoDB writes per request and their price per million requests.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTable, localCredentials, localRegion } from './bootstrap.ts';
import { startDynamoDbLocal } from './emulators/dynamodb.ts';
import { freePort } from './processes.ts';

/** On-demand price of one write request unit (≤ 1 KB), us-east-1, per million. */
const dollarsPerMillionWrites = 0.625;
const requests = Number(process.env.LIMITER_BENCH_REQUESTS ?? 1000);

interface Sample {
  readonly p50: number;
  readonly p99: number;
  readonly writesPerRequest: number;
}

/** One measuring child: a fresh module graph, so the limiter's configuration is read anew. */
function measure(env: Record<string, string>): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./limiter-cost-run.ts', import.meta.url))],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(output) as Sample) : reject(new Error(`exit ${code}`)),
    );
  });
}

const dynamo = await startDynamoDbLocal({ port: await freePort() });
try {
  const tableName = 'tenantkit-limiter-bench';
  await createTable(dynamo.endpoint, tableName);
  const env = {
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    LIMITS_STORE_BUDGET_MS: '1000',
    LIMITER_BENCH_REQUESTS: String(requests),
  };
  const off = await measure({ ...env, RATE_LIMITS: 'off' });
  const on = await measure({ ...env, RATE_LIMITS: 'on' });
  const writes = on.writesPerRequest - off.writesPerRequest;
  console.log(
    [
      `requests per run: ${requests} (one tenant, enterprise plan, sequential, DynamoDB Local)`,
      `p50 without limiter ${off.p50.toFixed(2)} ms, with ${on.p50.toFixed(2)} ms: +${(on.p50 - off.p50).toFixed(2)} ms`,
      `p99 without limiter ${off.p99.toFixed(2)} ms, with ${on.p99.toFixed(2)} ms`,
      `DynamoDB writes per request: ${writes.toFixed(3)} (one conditional UpdateItem, item < 1 KB)`,
      `$ per million requests: ${(writes * dollarsPerMillionWrites).toFixed(3)} (on-demand writes at $${dollarsPerMillionWrites}/M)`,
    ].join('\n'),
  );
} finally {
  await dynamo.stop();
}
