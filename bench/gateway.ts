/**
 * Gateway throughput: requests per second and latency with concurrent clients (autocannon, in the
 * bench process) against the local API gateway, which runs in a process of its own.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import { type BenchSizes, benchDir } from './config.ts';
import { nextMessage, startNode } from './processes.ts';

export interface GatewayTarget {
  readonly label: string;
  /** Path and query. */
  readonly path: string;
  readonly token?: string;
}

export interface GatewayResult {
  readonly label: string;
  readonly connections: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

export async function runGatewayLoad(
  targets: readonly GatewayTarget[],
  env: Readonly<Record<string, string>>,
  sizes: BenchSizes,
): Promise<GatewayResult[]> {
  const server = startNode(['--import', 'tsx', join(benchDir, 'gateway-server.ts')], env);
  try {
    const { port } = await nextMessage<{ type: 'listening'; port: number }>(server, 'listening');
    const results: GatewayResult[] = [];
    for (const { label, path, token } of targets) {
      const load = (connections: number, duration: number) =>
        autocannon({
          url: `http://127.0.0.1:${port}${path}`,
          connections,
          duration,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          timeout: 10,
        });
      // Loads the handlers (and fills the authorizer cache) before anything is timed.
      await load(1, 0.5);
      for (const connections of sizes.gatewayConnections) {
        const result = await load(connections, sizes.gatewaySeconds);
        results.push({
          label,
          connections,
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx + result.errors + result.timeouts,
        });
      }
    }
    return results;
  } finally {
    await server.stop();
  }
}
