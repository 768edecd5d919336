/** Pricing a tenant's consumption from the dated price table, and the revenue side from the plan. */
import { describe, expect, it } from 'vitest';
import { noConsumption } from '#shared/costs/consumption.ts';
import { dailyRevenue, monthlyPlanPrices } from '#shared/costs/plan-prices.ts';
import { prices } from '#shared/costs/price-table.ts';
import { priceConsumption } from '#shared/costs/pricing.ts';

describe('priceConsumption', () => {
  it('prices a write unit at five read units, as on-demand DynamoDB bills them', () => {
    // Act
    const reads = priceConsumption({ ...noConsumption, readUnits: 1_000_000 });
    const writes = priceConsumption({ ...noConsumption, writeUnits: 1_000_000 });

    // Assess
    expect(reads.dynamodbReads).toBe(0.125);
    expect(writes.dynamodbWrites).toBe(0.625);
    expect(writes.total / reads.total).toBe(5);
  });

  it('prices a million requests at API Gateway plus Lambda requests plus their GB-seconds', () => {
    // Prepare: a million 100 ms requests at 256 MB
    const consumption = {
      ...noConsumption,
      requests: 1_000_000,
      gbSeconds: 1_000_000 * 0.1 * 0.25,
    };

    // Act
    const cost = priceConsumption(consumption);

    // Assess
    expect(cost.apiGateway).toBe(prices.apiGatewayPerMillion);
    expect(cost.lambdaRequests).toBe(prices.lambdaPerMillion);
    expect(cost.lambdaCompute).toBeCloseTo(25_000 * prices.lambdaArmGbSecond, 9);
    expect(cost.total).toBeCloseTo(3.5 + 0.2 + 0.333335, 6);
  });

  it('prices a job as a Lambda invocation and three SQS requests', () => {
    // Act
    const cost = priceConsumption({ ...noConsumption, jobs: 1_000_000 });

    // Assess
    expect(cost.apiGateway).toBe(0);
    expect(cost.sqs).toBeCloseTo(3 * prices.sqsPerMillion, 9);
    expect(cost.lambdaRequests).toBe(prices.lambdaPerMillion);
  });

  it('costs nothing when nothing was consumed', () => {
    // Act
    const cost = priceConsumption(noConsumption);

    // Assess
    expect(cost.total).toBe(0);
  });
});

describe('dailyRevenue', () => {
  it('prorates the monthly price over the days of the month', () => {
    // Act
    const february = dailyRevenue('pro', '2027-02-10');
    const march = dailyRevenue('pro', '2027-03-10');

    // Assess
    expect(february * 28).toBeCloseTo(monthlyPlanPrices.pro, 9);
    expect(march * 31).toBeCloseTo(monthlyPlanPrices.pro, 9);
    expect(dailyRevenue('free', '2027-03-10')).toBe(0);
  });
});
