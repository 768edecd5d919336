/**
 * The floor for the gateway figures: a bare node:http server that answers each benchmarked request
 * by replaying the very DynamoDB calls the route makes, with the bare document client and nothing
 * else (no authorizer, no validation, no logging). Bundled with the functions' esbuild options and
 * run with plain `node`; it reports its port over IPC.
 * Environment: BENCH_BARE_ROUTES = {"<path and query>": [{operation, input}, …]}.
 */
import { createServer } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as commands from '@aws-sdk/lib-dynamodb';

interface Call {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

const commandNames: Readonly<Record<string, string>> = {
  GetItem: 'GetCommand',
  Query: 'QueryCommand',
  BatchGetItem: 'BatchGetCommand',
  TransactGetItems: 'TransactGetCommand',
};

type AnyCommand = new (
  input: Record<string, unknown>,
) => Parameters<commands.DynamoDBDocumentClient['send']>[0];

const routes = JSON.parse(process.env.BENCH_BARE_ROUTES ?? '{}') as Record<string, Call[]>;
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = commands.DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: process.env.AWS_REGION, ...(endpoint && { endpoint }) }),
);

function commandFor(call: Call) {
  const name = commandNames[call.operation];
  const commandClass = name ? (commands as unknown as Record<string, AnyCommand>)[name] : undefined;
  if (commandClass === undefined)
    throw new Error(`The bare server only replays reads, not ${call.operation}`);
  return new commandClass(call.input);
}

const server = createServer((request, response) => {
  const calls = routes[request.url ?? ''];
  if (calls === undefined) {
    response.writeHead(404).end();
    return;
  }
  (async () => {
    let data: unknown = { status: 'ok' };
    for (const call of calls) {
      const { $metadata: _metadata, ...rest } = await client.send(commandFor(call));
      data = rest;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(data));
  })().catch(() => {
    response.writeHead(500).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({
    type: 'listening',
    port: typeof address === 'object' && address ? address.port : 0,
  });
});
process.on('disconnect', () => process.exit(0));
