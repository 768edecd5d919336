/**
 * Dollars per million requests, from the measured durations, CPU time, log volume and capacity
 * units, priced from the shared price table (shared/costs/price-table.ts).
 */

import { prices } from '#shared/costs/price-table.ts';

/** What the cost assumes beyond the measurements; the report states each. */
export const assumptions = {
  /** Requests answered from the authorizer's 60 s cache: a client calling every 6 s or more often. */
  authorizerCacheHitRate: 0.9,
  coldStartRate: 0.01,
  /** Lambda gives a full vCPU at 1,769 MB: CPU time measured here stretches by 1769/memory there. */
  fullVcpuMemoryMb: 1769,
  /** X-Ray's default sampling at volume. */
  xraySampledShare: 0.05,
  /** Lambda's START/END/REPORT lines, and one API Gateway access log line, in bytes. */
  platformLogBytes: 420,
  accessLogBytes: 650,
} as const;

export interface CostInput {
  readonly memoryMb: number;
  /** Wall and CPU ms of each timed warm invocation (same length). */
  readonly warmMs: readonly number[];
  readonly warmCpuMs: readonly number[];
  readonly coldMs: number;
  readonly logBytesPerInvocation: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly sqsCalls: number;
}

/** The Lambda duration of an invocation: its CPU part stretched to the memory's share of a vCPU. */
export function lambdaMs(wallMs: number, cpuMs: number, memoryMb: number): number {
  const stretch = Math.max(1, assumptions.fullVcpuMemoryMb / memoryMb);
  return wallMs + Math.min(cpuMs, wallMs) * (stretch - 1);
}

/** The function's own dollars per million invocations: Lambda, DynamoDB, SQS and its logs. */
export function functionCost(input: CostInput): number {
  const billed = input.warmMs.map((ms, n) =>
    Math.ceil(lambdaMs(ms, input.warmCpuMs[n] ?? ms, input.memoryMb)),
  );
  const warmMs = billed.reduce((sum, ms) => sum + ms, 0) / (billed.length || 1);
  // A cold start is mostly loading code, so all of it is stretched as CPU.
  const coldMs = lambdaMs(input.coldMs, input.coldMs, input.memoryMb);
  const seconds = (warmMs + assumptions.coldStartRate * coldMs) / 1000;
  const lambda =
    prices.lambdaPerMillion + (input.memoryMb / 1024) * seconds * prices.lambdaArmGbSecond * 1e6;
  const dynamodb =
    input.readUnits * prices.dynamodbReadUnitsPerMillion +
    input.writeUnits * prices.dynamodbWriteUnitsPerMillion;
  const logs =
    ((input.logBytesPerInvocation + assumptions.platformLogBytes) / 1e9) * prices.logsPerGb * 1e6;
  return lambda + dynamodb + input.sqsCalls * prices.sqsPerMillion + logs;
}

/** Dollars per million requests to a route: API Gateway, its function, and the authorizer's misses. */
export function routeCost(route: CostInput, authorizer: CostInput | undefined): number {
  const gateway =
    prices.apiGatewayPerMillion +
    (assumptions.accessLogBytes / 1e9) * prices.logsPerGb * 1e6 +
    assumptions.xraySampledShare * prices.xrayPerMillion;
  const authorizerShare = authorizer
    ? (1 - assumptions.authorizerCacheHitRate) * functionCost(authorizer)
    : 0;
  return gateway + functionCost(route) + authorizerShare;
}
