/** The measuring child of dev/limiter-cost.ts: one tenant route through apiHandler, timed per request. */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { lambdaContext } from '#dev/lambda-context.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import type { TenantRoute } from '#shared/http/route.ts';
import { newUlid } from '#shared/ids.ts';

const route = {
  method: 'GET',
  path: '/v1/bench',
  entry: 'functions/bench/get.ts',
  auth: 'tenant',
  minRole: 'viewer',
  table: 'read',
  docs: { summary: 'The limiter cost probe', tag: 'Bench' },
  response: { status: 200, description: 'ok', body: z.object({ ok: z.boolean() }) },
} as const satisfies TenantRoute;
// Counts every DynamoDB write the process sends (the data layer sends through the document client).
let writes = 0;
const send = DynamoDBDocumentClient.prototype.send;
DynamoDBDocumentClient.prototype.send = function counted(
  this: DynamoDBDocumentClient,
  ...args: unknown[]
): unknown {
  const name = (args[0] as { constructor: { name: string } } | undefined)?.constructor.name ?? '';
  if (/^(Update|Put|Delete)/.test(name)) writes += 1;
  return (send as (...a: unknown[]) => unknown).apply(this, args);
} as typeof send;

const handler = apiHandler(route, { handle: async () => ok({ ok: true }) });
const authorizer = { tenantId: newUlid(), userId: 'bench', role: 'owner', plan: 'enterprise' };
const event = {
  resource: route.path,
  path: route.path,
  httpMethod: 'GET',
  headers: {},
  multiValueHeaders: {},
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  stageVariables: null,
  body: null,
  isBase64Encoded: false,
  requestContext: { requestId: 'bench', authorizer, identity: { sourceIp: '127.0.0.1' } },
} as unknown as Parameters<typeof handler>[0];

const total = Number(process.env.LIMITER_BENCH_REQUESTS ?? 1000);
const context = lambdaContext('bench');
for (let index = 0; index < 50; index += 1) await handler(event, context);
writes = 0;
const durations: number[] = [];
for (let index = 0; index < total; index += 1) {
  const started = performance.now();
  const result = await handler(event, context);
  durations.push(performance.now() - started);
  if (result.statusCode !== 200) throw new Error(`answered ${result.statusCode}`);
}
durations.sort((a, b) => a - b);
const at = (share: number): number => durations[Math.floor(share * (durations.length - 1))] ?? 0;
process.stdout.write(
  JSON.stringify({ p50: at(0.5), p99: at(0.99), writesPerRequest: writes / total }),
);
