/**
 * The one dated price table the cost figures come from: AWS list prices in us-east-1, first
 * (cheapest-to-reach) tier, without free tiers, plus every assumption the per-request cost makes.
 * Update the date and the figures together, from the pages cited.
 */

export const priceTable = {
  /**
   * When this table was written; the bench prints it beside every dollar figure. The machine that
   * wrote it had no access to the pages below, so the figures are the published list prices as last
   * seen (Lambda Arm and DynamoDB on-demand after its November 2024 cut): check them there first.
   */
  asOf: '2026-11-24',
  region: 'us-east-1',
  apiGateway: {
    /** REST API, per million requests, first 333 million a month. */
    restRequestsPerMillion: 3.5,
    source: 'https://aws.amazon.com/api-gateway/pricing/',
  },
  lambda: {
    /** Arm (Graviton), per GB-second, first 7.5 billion GB-s a month. */
    armGbSecond: 0.0000133334,
    requestsPerMillion: 0.2,
    /** Since August 2025 the INIT phase of on-demand functions is billed as duration too. */
    initBilled: true,
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  dynamodb: {
    /** On-demand, per million request units (after the November 2024 price cut). */
    writeRequestUnitsPerMillion: 0.625,
    readRequestUnitsPerMillion: 0.125,
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  sqs: {
    /** Standard queue, per million requests (each 64 KB chunk is a request). */
    requestsPerMillion: 0.4,
    source: 'https://aws.amazon.com/sqs/pricing/',
  },
  cloudWatchLogs: {
    /** Standard log class, ingestion per GB. */
    ingestionPerGb: 0.5,
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
  xray: {
    /** Per million traces recorded. */
    tracesRecordedPerMillion: 5,
    source: 'https://aws.amazon.com/xray/pricing/',
  },
} as const;

/** What the per-request cost assumes beyond the measurements; each is stated in the report. */
export const costAssumptions = {
  /**
   * Share of tenant-route requests answered from API Gateway's authorizer cache (60 s per token):
   * a signed-in client making a request every 6 s or more often hits it 9 times in 10.
   */
  authorizerCacheHitRate: 0.9,
  /** Share of invocations that start a new execution environment. */
  coldStartRate: 0.01,
  /**
   * Lambda gives a full vCPU at 1,769 MB and a proportional share below it, so the CPU time measured
   * here stretches by 1769/memory on Lambda; time spent waiting on DynamoDB does not.
   */
  fullVcpuMemoryMb: 1769,
  /** X-Ray's default sampling: the first request each second, then 5 %; at volume, about 5 %. */
  xraySampledShare: 0.05,
  /** Lambda's own START/END/REPORT (and XRAY) lines per invocation, in bytes. */
  platformLogBytesPerInvocation: 420,
  /** One API Gateway access log line in lib/api/api.ts's JSON format, in bytes. */
  accessLogBytesPerRequest: 650,
  /** Not per request, so not in the figures: Cognito (per monthly active user), custom metrics (per metric and month), storage. */
  notPerRequest: [
    'Cognito: billed per monthly active user, not per sign-in call',
    'CloudWatch custom metrics from EMF: billed per metric per month',
    'DynamoDB storage, PITR and backups: billed per GB-month',
    'Secrets Manager: the list route reads the cursor key once per cold start ($0.05 per 10,000 calls)',
  ],
} as const;
