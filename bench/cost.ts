/**
 * Dollars per million requests (item 7), from the measured durations, CPU times, log volume and
 * capacity units, the memory sizes CDK configures, and the dated price table of bench/prices.ts.
 */
import { costAssumptions, priceTable } from './prices.ts';

export interface FunctionCostInput {
  readonly memoryMb: number;
  /** Per timed warm invocation, wall and CPU milliseconds (same length). */
  readonly warmWallMs: readonly number[];
  readonly warmCpuMs: readonly number[];
  /** Median cold start (load plus first invocation), wall and CPU. */
  readonly coldWallMs: number;
  readonly coldCpuMs: number;
  readonly logBytesPerInvocation: number;
  /** Per request, from the profile. */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly sqsRequests: number;
}

/** Dollars per million requests, by line item. */
export interface CostBreakdown {
  readonly apiGateway: number;
  readonly lambda: number;
  readonly dynamodb: number;
  readonly sqs: number;
  readonly logs: number;
  readonly xray: number;
  /** The authorizer's share (Lambda, DynamoDB, logs) on cache misses; 0 for public routes. */
  readonly authorizer: number;
  readonly total: number;
  /** The Lambda duration the estimate bills per warm invocation, in ms. */
  readonly billedMs: number;
}

/** How much longer CPU-bound work takes on Lambda at `memoryMb` than on one full core here. */
export function cpuStretch(memoryMb: number): number {
  return Math.max(1, costAssumptions.fullVcpuMemoryMb / memoryMb);
}

/** Estimated Lambda duration: the measured wall time, with its CPU part stretched to the memory's CPU share. */
export function lambdaMs(wallMs: number, cpuMs: number, memoryMb: number): number {
  return wallMs + Math.min(cpuMs, wallMs) * (cpuStretch(memoryMb) - 1);
}

interface FunctionCost {
  readonly lambda: number;
  readonly dynamodb: number;
  readonly sqs: number;
  readonly logs: number;
  readonly billedMs: number;
}

function functionCost(input: FunctionCostInput): FunctionCost {
  const { lambda, dynamodb, sqs, cloudWatchLogs } = priceTable;
  const gb = input.memoryMb / 1024;
  // Lambda bills each invocation's duration rounded up to the millisecond.
  const billed = input.warmWallMs.map((wall, index) =>
    Math.ceil(lambdaMs(wall, input.warmCpuMs[index] ?? wall, input.memoryMb)),
  );
  const billedMs = billed.reduce((sum, ms) => sum + ms, 0) / (billed.length || 1);
  const coldMs = Math.ceil(lambdaMs(input.coldWallMs, input.coldCpuMs, input.memoryMb));
  const durationSeconds = billedMs / 1000 + (costAssumptions.coldStartRate * coldMs) / 1000;
  const lambdaPerMillion =
    lambda.requestsPerMillion + gb * durationSeconds * lambda.armGbSecond * 1e6;
  const logBytes = input.logBytesPerInvocation + costAssumptions.platformLogBytesPerInvocation;
  return {
    lambda: lambdaPerMillion,
    dynamodb:
      input.readUnits * dynamodb.readRequestUnitsPerMillion +
      input.writeUnits * dynamodb.writeRequestUnitsPerMillion,
    sqs: input.sqsRequests * sqs.requestsPerMillion,
    logs: (logBytes / 1e9) * cloudWatchLogs.ingestionPerGb * 1e6,
    billedMs,
  };
}

/** Cost of one million requests to a route: the gateway, its function and, on cache misses, the authorizer. */
export function routeCost(
  route: FunctionCostInput,
  authorizer: FunctionCostInput | undefined,
): CostBreakdown {
  const own = functionCost(route);
  const miss = 1 - costAssumptions.authorizerCacheHitRate;
  const auth = authorizer ? functionCost(authorizer) : undefined;
  const authorizerShare = auth ? miss * (auth.lambda + auth.dynamodb + auth.logs) : 0;
  const apiGateway = priceTable.apiGateway.restRequestsPerMillion;
  const accessLogs =
    (costAssumptions.accessLogBytesPerRequest / 1e9) *
    priceTable.cloudWatchLogs.ingestionPerGb *
    1e6;
  const xray = costAssumptions.xraySampledShare * priceTable.xray.tracesRecordedPerMillion;
  const logs = own.logs + accessLogs;
  return {
    apiGateway,
    lambda: own.lambda,
    dynamodb: own.dynamodb,
    sqs: own.sqs,
    logs,
    xray,
    authorizer: authorizerShare,
    total: apiGateway + own.lambda + own.dynamodb + own.sqs + logs + xray + authorizerShare,
    billedMs: own.billedMs,
  };
}
