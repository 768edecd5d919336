/** How much each measurement does, in a full run and with `--quick` (for development). */
import { fileURLToPath } from 'node:url';

export interface BenchSizes {
  /** Fresh processes per function for the cold start (and per baseline). */
  readonly coldRuns: number;
  /** Fresh processes per function without `--enable-source-maps`, to price that flag. */
  readonly sourceMapRuns: number;
  /** Timed warm invocations per function, after `warmUp` untimed ones. */
  readonly warmInvocations: number;
  readonly warmUp: number;
  /** Invocations per turn when a function and its baseline take turns in the warm run. */
  readonly turn: number;
  /** Seconds of load per route, server and concurrency through the gateway. */
  readonly gatewaySeconds: number;
  readonly gatewayConnections: readonly number[];
}

export const fullSizes: BenchSizes = {
  coldRuns: 15,
  sourceMapRuns: 7,
  warmInvocations: 1000,
  warmUp: 20,
  turn: 20,
  gatewaySeconds: 1.5,
  gatewayConnections: [1, 10, 50],
};

export const quickSizes: BenchSizes = {
  coldRuns: 5,
  sourceMapRuns: 3,
  warmInvocations: 200,
  warmUp: 10,
  turn: 20,
  gatewaySeconds: 1.5,
  gatewayConnections: [1, 10, 50],
};

export const benchDir: string = fileURLToPath(new URL('.', import.meta.url));
/** Bundles, generated baseline sources and driver scripts; gitignored. */
export const workDir: string = fileURLToPath(new URL('./.work/', import.meta.url));
