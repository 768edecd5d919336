/** Sums cost items: a month from its days, a summary from any range of days. */
import { addConsumption, noConsumption, type TenantConsumption } from './consumption.ts';
import type { TenantCost } from './model.ts';
import { type CostBreakdown, roundDollars } from './pricing.ts';

/** Consumption, cost, revenue and margin of several days together. */
export interface CostTotals extends TenantConsumption {
  readonly days: number;
  readonly cost: CostBreakdown;
  readonly revenue: number;
  readonly margin: number;
}

const noCost: CostBreakdown = {
  apiGateway: 0,
  lambdaRequests: 0,
  lambdaCompute: 0,
  dynamodbReads: 0,
  dynamodbWrites: 0,
  sqs: 0,
  total: 0,
};

function addCost(a: CostBreakdown, b: CostBreakdown): CostBreakdown {
  return {
    apiGateway: roundDollars(a.apiGateway + b.apiGateway),
    lambdaRequests: roundDollars(a.lambdaRequests + b.lambdaRequests),
    lambdaCompute: roundDollars(a.lambdaCompute + b.lambdaCompute),
    dynamodbReads: roundDollars(a.dynamodbReads + b.dynamodbReads),
    dynamodbWrites: roundDollars(a.dynamodbWrites + b.dynamodbWrites),
    sqs: roundDollars(a.sqs + b.sqs),
    total: roundDollars(a.total + b.total),
  };
}

export function sumCosts(costs: readonly TenantCost[]): CostTotals {
  let consumption: TenantConsumption = noConsumption;
  let cost = noCost;
  let revenue = 0;
  for (const day of costs) {
    consumption = addConsumption(consumption, day);
    cost = addCost(cost, day.cost);
    revenue += day.revenue;
  }
  return {
    requests: consumption.requests,
    jobs: consumption.jobs,
    readUnits: consumption.readUnits,
    writeUnits: consumption.writeUnits,
    gbSeconds: consumption.gbSeconds,
    days: costs.length,
    cost,
    revenue: roundDollars(revenue),
    margin: roundDollars(revenue - cost.total),
  };
}
