/** How much a run measures (full, or `--quick` while developing), and where the bench writes. */
import { fileURLToPath } from 'node:url';

export interface BenchSizes {
  /** Fresh processes per function, bare handler and variant (the goal's median needs ≥ 15). */
  readonly coldRuns: number;
  /** Untimed warm invocations first (JIT, connections, capacity report), then the timed ones. */
  readonly warmUp: number;
  readonly warmRuns: number;
  /** Invocations per turn while a function, its bare handler and its variants take turns. */
  readonly turn: number;
  /** Seconds of load per route and number of clients through the gateway. */
  readonly gatewaySeconds: number;
  readonly gatewayConnections: readonly number[];
}

/** Sized so a full run of every function stays under ten minutes on a quiet 2-core machine. */
export const fullSizes: BenchSizes = {
  coldRuns: 15,
  warmUp: 20,
  warmRuns: 100,
  turn: 20,
  gatewaySeconds: 2,
  gatewayConnections: [1, 10],
};

export const quickSizes: BenchSizes = {
  coldRuns: 5,
  warmUp: 20,
  warmRuns: 40,
  turn: 20,
  gatewaySeconds: 1,
  gatewayConnections: [1, 10],
};

/** Measured again without Tracer and Metrics, and with the limiter off: a read and a write. */
export const variantRoutes: readonly string[] = ['getProject', 'createProject'];

/** The routes loaded through the gateway: a public one, and a read behind the authorizer. */
export const gatewayRoutes: readonly string[] = ['health', 'getProject'];

/**
 * Lambda memory of every route function: ServiceFunction's default (lib/common/service-function.ts),
 * which no route overrides.
 */
export const functionMemoryMb = 256;

export const benchDir: string = fileURLToPath(new URL('.', import.meta.url));
/** Bundles, generated bare handlers, the driver and a partial run's report; gitignored. */
export const workDir: string = fileURLToPath(new URL('./.work/', import.meta.url));
