/**
 * The two servers the gateway load runs against, each in a process of its own, reporting its port
 * over IPC. `gateway`: the local API gateway as `npm start` serves it (handlers from source, the
 * authorizer's 60 s cache). `bare`: node:http answering each path with its bare handler's bundle and
 * the event that makes the route's calls (BENCH_BARE = {"<path>": {bundle, event}}).
 * Usage: node --import tsx bench/servers.ts gateway|bare
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createGateway } from '#dev/gateway.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

type Handler = (event: unknown) => Promise<{ statusCode: number; body: string }>;

async function bareServer(): Promise<Server> {
  const paths = JSON.parse(process.env.BENCH_BARE ?? '{}') as Record<
    string,
    { bundle: string; event: unknown }
  >;
  const handlers = new Map<string, { handler: Handler; event: unknown }>();
  for (const [path, { bundle, event }] of Object.entries(paths)) {
    const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
    handlers.set(path, { handler, event });
  }
  return createServer((request, response) => {
    const found = handlers.get(request.url ?? '');
    if (found === undefined) {
      response.writeHead(404).end();
      return;
    }
    found.handler(found.event).then(
      ({ statusCode, body }) =>
        response.writeHead(statusCode, { 'content-type': 'application/json' }).end(body),
      () => response.writeHead(500).end(),
    );
  });
}

const server =
  process.argv[2] === 'bare'
    ? await bareServer()
    : createGateway({
        routes: Object.values(routes as Readonly<Record<string, RouteDefinition>>),
        rootDir: repoRoot,
        authorizerCacheTtlSeconds: 60,
      });
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
