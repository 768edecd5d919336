/**
 * Through the gateway (item 6): requests/s and latency with 1, 10 and 50 concurrent clients on the
 * scenarios that take part, against the local API gateway as `npm start` serves it, beside a bare
 * node:http server replaying the same DynamoDB calls. Both servers run in their own process; the
 * load comes from autocannon in the bench process; the two servers take turns per setting.
 */
import autocannon from 'autocannon';
import type { RunningProcess } from '#dev/processes.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { Drivers } from './build.ts';
import type { BenchSizes } from './config.ts';
import type { RecordedCall } from './instrument.ts';
import { nextMessage, startNode } from './processes.ts';

export interface GatewayTarget {
  readonly id: string;
  readonly label: string;
  /** Path and query of the request. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The route's DynamoDB calls, for the bare server to replay (already in the served world). */
  readonly calls: readonly RecordedCall[];
}

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

export interface GatewayResult {
  readonly id: string;
  readonly label: string;
  readonly connections: number;
  readonly gateway: LoadFigures;
  readonly bare: LoadFigures;
}

async function listening(child: RunningProcess): Promise<string> {
  const message = await nextMessage(child, 'listening', 60_000);
  return `http://127.0.0.1:${'port' in message ? message.port : 0}`;
}

async function load(
  url: string,
  headers: Readonly<Record<string, string>>,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const result = await autocannon({ url, connections, duration: seconds, headers, timeout: 10 });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function runGatewayLoad(
  targets: readonly GatewayTarget[],
  env: Readonly<Record<string, string>>,
  drivers: Drivers,
  sizes: BenchSizes,
  onStep: (message: string) => void,
): Promise<GatewayResult[]> {
  const bareRoutes = Object.fromEntries(
    targets.map((target) => [
      target.path,
      target.calls
        .filter((call) => call.service === 'dynamodb')
        .map(({ operation, input }) => ({ operation, input })),
    ]),
  );
  const gatewayServer = startNode(['--import', 'tsx', drivers.gatewayServer], env, {
    ipc: true,
    cwd: repoRoot,
  });
  const bareServer = startNode(
    [drivers.bareServer],
    { ...env, BENCH_BARE_ROUTES: JSON.stringify(bareRoutes) },
    { ipc: true },
  );
  try {
    const [gatewayUrl, bareUrl] = await Promise.all([
      listening(gatewayServer),
      listening(bareServer),
    ]);
    const results: GatewayResult[] = [];
    for (const target of targets) {
      // Loads the handlers (and fills the authorizer cache and JWKS) before anything is timed.
      await load(`${gatewayUrl}${target.path}`, target.headers, 1, 0.5);
      await load(`${bareUrl}${target.path}`, target.headers, 1, 0.5);
      for (const [index, connections] of sizes.gatewayConnections.entries()) {
        onStep(`${target.label} × ${connections}`);
        const runGateway = () =>
          load(`${gatewayUrl}${target.path}`, target.headers, connections, sizes.gatewaySeconds);
        const runBare = () =>
          load(`${bareUrl}${target.path}`, target.headers, connections, sizes.gatewaySeconds);
        let gateway: LoadFigures;
        let bare: LoadFigures;
        if (index % 2 === 0) {
          gateway = await runGateway();
          bare = await runBare();
        } else {
          bare = await runBare();
          gateway = await runGateway();
        }
        results.push({ id: target.id, label: target.label, connections, gateway, bare });
      }
    }
    return results;
  } finally {
    await Promise.all([gatewayServer.stop(), bareServer.stop()]);
  }
}
