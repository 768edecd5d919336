/**
 * Dollars per million requests, from the measured durations, CPU time, log volume and capacity
 * units, and one dated price table (us-east-1 list prices, first tier, no free tier). Update the
 * date and the figures together, from the pages cited.
 */

export const prices = {
  /** The machine that wrote this could not reach the pages: check them before you rely on a figure. */
  asOf: '2026-11-24',
  /** REST API, first 333 million a month: https://aws.amazon.com/api-gateway/pricing/ */
  apiGatewayPerMillion: 3.5,
  /** Arm, per GB-second, and per million requests (INIT billed too since August 2025): https://aws.amazon.com/lambda/pricing/ */
  lambdaArmGbSecond: 0.0000133334,
  lambdaPerMillion: 0.2,
  /** On demand, per million request units: https://aws.amazon.com/dynamodb/pricing/on-demand/ */
  dynamodbWriteUnitsPerMillion: 0.625,
  dynamodbReadUnitsPerMillion: 0.125,
  /** Standard queue: https://aws.amazon.com/sqs/pricing/ */
  sqsPerMillion: 0.4,
  /** Standard log class ingestion: https://aws.amazon.com/cloudwatch/pricing/ */
  logsPerGb: 0.5,
  /** Traces recorded: https://aws.amazon.com/xray/pricing/ */
  xrayPerMillion: 5,
} as const;

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
