/** The shape of bench/results.json, and the figures derived from raw samples. */
import type { BundleStats } from './build.ts';
import type { CostBreakdown } from './cost.ts';
import type { ColdResult, WarmFinish } from './drivers/protocol.ts';
import type { GatewayResult } from './gateway.ts';
import type { CallsPerRequest } from './profile.ts';
import { type Summary, summarize } from './stats.ts';

const mb = (bytes: number): number => bytes / (1024 * 1024);

export interface ColdFigures {
  readonly runs: number;
  readonly loadMs: Summary;
  readonly firstInvokeMs: Summary;
  /** Load plus first invocation, per run. */
  readonly totalMs: Summary;
  readonly totalCpuMs: Summary;
  readonly rssMb: Summary;
  readonly statuses: Readonly<Record<string, number>>;
}

export function coldFigures(samples: readonly ColdResult[]): ColdFigures {
  const statuses: Record<string, number> = {};
  for (const sample of samples) statuses[sample.status] = (statuses[sample.status] ?? 0) + 1;
  return {
    runs: samples.length,
    loadMs: summarize(samples.map((s) => s.loadMs)),
    firstInvokeMs: summarize(samples.map((s) => s.firstInvokeMs)),
    totalMs: summarize(samples.map((s) => s.loadMs + s.firstInvokeMs)),
    totalCpuMs: summarize(samples.map((s) => s.loadCpuMs + s.firstInvokeCpuMs)),
    rssMb: summarize(samples.map((s) => mb(s.rssBytes))),
    statuses,
  };
}

export interface WarmFigures {
  readonly invocations: number;
  readonly wallMs: Summary;
  readonly cpuMs: Summary;
  readonly logBytesPerInvocation: number;
  readonly statuses: Readonly<Record<string, number>>;
  /** Outbound AWS requests per invocation, by service, counted on the wire. */
  readonly wirePerInvocation: Readonly<Record<string, number>>;
}

export function warmFigures(
  wallMs: readonly number[],
  cpuMs: readonly number[],
  statuses: Readonly<Record<string, number>>,
  finish: WarmFinish,
): WarmFigures {
  const per = (count: number): number => count / (finish.invocations || 1);
  return {
    invocations: wallMs.length,
    wallMs: summarize(wallMs),
    cpuMs: summarize(cpuMs),
    logBytesPerInvocation: per(finish.logBytes),
    statuses,
    wirePerInvocation: Object.fromEntries(
      Object.entries(finish.wire).map(([service, count]) => [service, per(count)]),
    ),
  };
}

export interface MemoryFigures {
  readonly configuredMb: number;
  readonly rssAfterFirstMb: number;
  readonly rssAfterWarmMb: number;
  readonly maxRssMb: number;
  readonly heapUsedMb: number;
  /** The smallest memory size (in 64 MB steps) that keeps peak RSS under 75 % of it. */
  readonly neededMb: number;
  /** Peak RSS is under 75 % of the configured size. */
  readonly fitsWithRoom: boolean;
}

/** Peak RSS may use this share of the configured memory; the rest is room to spare. */
export const memoryHeadroom = 0.75;

export function memoryFigures(configuredMb: number, finish: WarmFinish): MemoryFigures {
  const maxRssMb = mb(finish.maxRssBytes);
  return {
    configuredMb,
    rssAfterFirstMb: mb(finish.rssAfterFirstBytes),
    rssAfterWarmMb: mb(finish.rssBytes),
    maxRssMb,
    heapUsedMb: mb(finish.heapUsedBytes),
    neededMb: Math.max(128, Math.ceil(maxRssMb / memoryHeadroom / 64) * 64),
    fitsWithRoom: maxRssMb <= configuredMb * memoryHeadroom,
  };
}

export interface FunctionResult {
  readonly id: string;
  readonly label: string;
  /** `public`, `tenant`, or `authorizer`. */
  readonly kind: string;
  /** What the route's grant allows: none, read, readWrite. */
  readonly tableAccess: string;
  readonly scenario: {
    readonly description: string;
    readonly generic: boolean;
    readonly expectedStatus: number | null;
  };
  readonly bundle: BundleStats;
  readonly baseline: { readonly operations: readonly string[]; readonly bundle: BundleStats };
  readonly cold: {
    readonly function: ColdFigures;
    /** Whether the deployed NODE_OPTIONS turn Node's source maps on. */
    readonly deployedWithSourceMaps: boolean;
    /** The same bundle with the source-map setting flipped. */
    readonly otherSourceMapSetting: ColdFigures;
    readonly baseline: ColdFigures;
    /** Median load + first invocation, function over bare baseline. */
    readonly ratioToBaseline: number;
    /** Median load + first invocation, function over the empty handler. */
    readonly ratioToEmpty: number;
    /** Median cold start with `--enable-source-maps` minus without, whichever is deployed. */
    readonly sourceMapCostMs: number;
  };
  readonly warm: {
    readonly function: WarmFigures;
    readonly baseline: WarmFigures;
    /** p50 function / p50 baseline − 1. */
    readonly p50Overhead: number;
    readonly p99Ratio: number;
  };
  readonly memory: MemoryFigures;
  readonly calls: CallsPerRequest & {
    readonly profiledRequests: number;
    readonly repeats: boolean;
    readonly profileStatuses: Readonly<Record<string, number>>;
  };
  readonly cost: CostBreakdown;
  /** Anything that makes a figure doubtful (unexpected statuses, calls the wire saw differently). */
  readonly issues: readonly string[];
}

/**
 * The run's own noise floor: one read route against itself, the same bundle in two processes taking
 * turns exactly as a function and its baseline do (an A/A pair). What "overhead" reads with none.
 */
export interface NoiseFloor {
  readonly functionId: string;
  readonly invocations: number;
  /** The first process's p50 over the second's, minus 1, as `p50Overhead` is computed. */
  readonly p50Difference: number;
}

export interface BenchResults {
  readonly meta: {
    readonly date: string;
    readonly mode: 'full' | 'quick';
    readonly command: string;
    readonly node: string;
    readonly platform: string;
    readonly cpus: string;
    readonly durationSeconds: number;
    readonly commit: string;
    readonly nodeOptions: string;
    readonly sizes: Readonly<Record<string, unknown>>;
    readonly prices: unknown;
    readonly assumptions: unknown;
  };
  readonly empty: { readonly bundle: BundleStats; readonly cold: ColdFigures };
  readonly functions: readonly FunctionResult[];
  readonly gateway: readonly GatewayResult[];
  /** Absent when the control route was not measured (`--only` without it). */
  readonly noiseFloor?: NoiseFloor;
}
