/**
 * Prices a tenant's consumption from the dated price table (price-table.ts). On demand a write unit
 * costs five read units ($0.625 vs $0.125 per million), so reads and writes are priced apart, each
 * at its own price, never as one weighted "unit".
 */
import type { TenantConsumption } from './consumption.ts';
import { prices } from './price-table.ts';

/** Dollars per component of one tenant's consumption. */
export interface CostBreakdown {
  readonly apiGateway: number;
  readonly lambdaRequests: number;
  readonly lambdaCompute: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly sqs: number;
  readonly total: number;
}

export type PriceTable = Pick<
  typeof prices,
  | 'apiGatewayPerMillion'
  | 'lambdaPerMillion'
  | 'lambdaArmGbSecond'
  | 'dynamodbReadUnitsPerMillion'
  | 'dynamodbWriteUnitsPerMillion'
  | 'sqsPerMillion'
>;

/** A job is one message sent, received and deleted: three SQS requests. */
const sqsRequestsPerJob = 3;

/** Dollars to the nano-dollar: sums of many small figures stay free of float noise in the items. */
export function roundDollars(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export function priceConsumption(
  consumption: TenantConsumption,
  table: PriceTable = prices,
): CostBreakdown {
  const perMillion = (count: number, price: number): number => (count / 1_000_000) * price;
  const parts = {
    apiGateway: perMillion(consumption.requests, table.apiGatewayPerMillion),
    lambdaRequests: perMillion(consumption.requests + consumption.jobs, table.lambdaPerMillion),
    lambdaCompute: consumption.gbSeconds * table.lambdaArmGbSecond,
    dynamodbReads: perMillion(consumption.readUnits, table.dynamodbReadUnitsPerMillion),
    dynamodbWrites: perMillion(consumption.writeUnits, table.dynamodbWriteUnitsPerMillion),
    sqs: perMillion(consumption.jobs * sqsRequestsPerJob, table.sqsPerMillion),
  };
  const total = Object.values(parts).reduce((sum, part) => sum + part, 0);
  return {
    apiGateway: roundDollars(parts.apiGateway),
    lambdaRequests: roundDollars(parts.lambdaRequests),
    lambdaCompute: roundDollars(parts.lambdaCompute),
    dynamodbReads: roundDollars(parts.dynamodbReads),
    dynamodbWrites: roundDollars(parts.dynamodbWrites),
    sqs: roundDollars(parts.sqs),
    total: roundDollars(total),
  };
}

/** The date of the prices every cost item records, so a figure can be traced to its table. */
export const priceTableDate: string = prices.asOf;
