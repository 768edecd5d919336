/** How much a run measures (full, or `--quick` while developing), and where the bench writes. */
import { fileURLToPath } from 'node:url';

export interface BenchSizes {
  /** Fresh processes per route and per bare handler (the goal's median needs 15 or more). */
  readonly coldRuns: number;
  /** Untimed warm invocations first (JIT, connections, caches), then the timed ones. */
  readonly warmUp: number;
  readonly warmRuns: number;
  /** Invocations per turn while a route and its bare handler take turns. */
  readonly turn: number;
  /** Seconds of load per route and concurrency through the gateway. */
  readonly gatewaySeconds: number;
  readonly gatewayConnections: readonly number[];
}

export const fullSizes: BenchSizes = {
  coldRuns: 15,
  warmUp: 20,
  warmRuns: 150,
  turn: 20,
  gatewaySeconds: 1,
  gatewayConnections: [1, 10, 50],
};

export const quickSizes: BenchSizes = {
  coldRuns: 5,
  /** As many as a full run: the bare handler's first turn reports capacity and must not be timed. */
  warmUp: 20,
  warmRuns: 40,
  turn: 20,
  gatewaySeconds: 0.5,
  gatewayConnections: [1, 10],
};

/**
 * Lambda memory of every route function: ServiceFunction's default (lib/common/service-function.ts),
 * which no route overrides. Read here rather than from the synthesized stack, whose shape is CDK's.
 */
export const functionMemoryMb = 256;

export const benchDir: string = fileURLToPath(new URL('.', import.meta.url));
/** Bundles, generated bare handlers, drivers and the raw results of the last run; gitignored. */
export const workDir: string = fileURLToPath(new URL('./.work/', import.meta.url));
