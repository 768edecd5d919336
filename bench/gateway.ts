/**
 * Through the gateway: requests per second and latency with several concurrent clients, against
 * the local API gateway and beside a bare node:http server making the same calls; the two take
 * turns per setting. The load comes from autocannon in the bench process.
 */
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { RunningProcess } from '#dev/processes.ts';
import { type BenchSizes, benchDir } from './config.ts';
import { nextMessage, startNode } from './processes.ts';

export interface GatewayTarget {
  readonly label: string;
  /** Path and query. */
  readonly path: string;
  readonly token?: string;
  /** The bare handler's bundle, and its event making the route's calls. */
  readonly bare: { readonly bundle: string; readonly event: unknown };
}

export interface Load {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

export interface GatewayResult {
  readonly label: string;
  readonly connections: number;
  readonly gateway: Load;
  readonly bare: Load;
}

async function load(
  url: string,
  token: string | undefined,
  connections: number,
  duration: number,
): Promise<Load> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const result = await autocannon({ url, connections, duration, headers, timeout: 10 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

export async function runGatewayLoad(
  targets: readonly GatewayTarget[],
  env: Readonly<Record<string, string>>,
  sizes: BenchSizes,
): Promise<GatewayResult[]> {
  const script = join(benchDir, 'servers.ts');
  const tsx = ['--import', 'tsx', script];
  const bare = Object.fromEntries(targets.map((target) => [target.path, target.bare]));
  const servers: RunningProcess[] = [
    startNode([...tsx, 'gateway'], env),
    startNode([...tsx, 'bare'], { ...env, BENCH_BARE: JSON.stringify(bare) }),
  ];
  try {
    const [gatewayUrl, bareUrl] = await Promise.all(
      servers.map(async (server) => {
        const { port } = await nextMessage<{ type: 'listening'; port: number }>(
          server,
          'listening',
        );
        return `http://127.0.0.1:${port}`;
      }),
    );
    const results: GatewayResult[] = [];
    for (const target of targets) {
      // Loads the handlers (and fills the authorizer cache) before anything is timed.
      await load(`${gatewayUrl}${target.path}`, target.token, 1, 0.5);
      await load(`${bareUrl}${target.path}`, target.token, 1, 0.5);
      for (const [index, connections] of sizes.gatewayConnections.entries()) {
        const gateway = () =>
          load(`${gatewayUrl}${target.path}`, target.token, connections, sizes.gatewaySeconds);
        const bareLoad = () =>
          load(`${bareUrl}${target.path}`, target.token, connections, sizes.gatewaySeconds);
        const [first, second] =
          index % 2 === 0
            ? [await gateway(), await bareLoad()]
            : [await bareLoad(), await gateway()];
        results.push({
          label: target.label,
          connections,
          gateway: index % 2 === 0 ? first : second,
          bare: index % 2 === 0 ? second : first,
        });
      }
    }
    return results;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}
