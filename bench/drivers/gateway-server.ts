/**
 * The local API gateway exactly as `npm start` serves it (dev/gateway.ts, handlers from source under
 * tsx, the authorizer's 60 s result cache), on a free loopback port reported over IPC.
 * Run with `node --import tsx`.
 */
import type { AddressInfo } from 'node:net';
import { createGateway } from '#dev/gateway.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

/** As lib/api/api.ts sets it on API Gateway and dev/start.ts locally. */
const authorizerCacheTtlSeconds = 60;

const server = createGateway({
  routes: Object.values(routes as Readonly<Record<string, RouteDefinition>>),
  rootDir: repoRoot,
  authorizerCacheTtlSeconds,
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
