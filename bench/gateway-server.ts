/**
 * The local API gateway as `npm start` serves it (handlers from source, the authorizer's 60 s
 * cache), in a process of its own so the load generator does not share its event loop; reports its
 * port over IPC. Usage: node --import tsx bench/gateway-server.ts
 */
import type { AddressInfo } from 'node:net';
import { createGateway } from '#dev/gateway.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';

const server = createGateway({
  routes: Object.values(routes as Readonly<Record<string, RouteDefinition>>),
  rootDir: repoRoot,
  authorizerCacheTtlSeconds: 60,
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port });
});
process.on('disconnect', () => process.exit(0));
