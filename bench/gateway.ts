/**
 * Gateway throughput: requests per second and latency with concurrent clients against the local
 * gateway, which this process serves while autocannon, in a process of its own, loads it.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '#lib/common/paths.ts';

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

interface Autocannon {
  readonly requests: { readonly average: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
}

const autocannon = join(repoRoot, 'node_modules', 'autocannon', 'autocannon.js');

export async function runGatewayLoad(
  url: string,
  targets: readonly GatewayTarget[],
  seconds: number,
): Promise<GatewayResult[]> {
  const results: GatewayResult[] = [];
  for (const { label, path, token } of targets) {
    const load = async (connections: number, seconds: number): Promise<Autocannon> => {
      const headers = token ? ['-H', `authorization=Bearer ${token}`] : [];
      const args = ['-j', '-c', String(connections), '-d', String(seconds), ...headers];
      const { stdout } = await promisify(execFile)(process.execPath, [
        autocannon,
        ...args,
        `${url}${path}`,
      ]);
      return JSON.parse(stdout) as Autocannon;
    };
    // Loads the handlers (and fills the authorizer cache) before anything is timed.
    await load(1, 1);
    for (const connections of [1, 10]) {
      const result = await load(connections, seconds);
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
}
