/**
 * One dated price table (us-east-1 list prices, first tier, no free tier) that the benchmark's
 * dollars per million requests and the daily cost per tenant both read. Update the date and the
 * figures together, from the pages cited.
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
