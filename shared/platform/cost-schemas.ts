/** Schemas of cost and margin per tenant as the control plane shows them (shared/costs). */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { planNameSchema } from '#shared/tenants/plans.ts';

const dollars = z.number().check(z.meta({ description: 'US dollars' }));

const costBreakdownSchema = z
  .object({
    apiGateway: dollars,
    lambdaRequests: dollars,
    lambdaCompute: dollars,
    dynamodbReads: dollars,
    dynamodbWrites: dollars,
    sqs: dollars,
    total: dollars,
  })
  .check(z.meta({ id: 'CostBreakdown' }));

const consumptionShape = {
  requests: z.number(),
  jobs: z.number(),
  readUnits: z.number(),
  writeUnits: z.number(),
  gbSeconds: z.number(),
};

/** A period's consumption, cost, revenue (the paid plan's price, prorated per day) and margin. */
export const costTotalsSchema = z
  .object({
    ...consumptionShape,
    days: z.number().check(z.int(), z.meta({ description: 'Days with a cost item' })),
    cost: costBreakdownSchema,
    revenue: dollars,
    margin: dollars.check(z.meta({ description: 'Revenue − cost' })),
  })
  .check(z.meta({ id: 'CostTotals' }));

export const tenantCostSchema = z
  .object({
    tenantId: z.string(),
    period: z.string().check(z.meta({ example: '2026-12' })),
    plan: planNameSchema.check(
      z.meta({ description: 'The plan paid for: what revenue is read from' }),
    ),
    ...consumptionShape,
    days: z.number().check(z.int()),
    cost: costBreakdownSchema,
    revenue: dollars,
    margin: dollars,
    priceTableDate: z.string(),
    computedAt: z.string(),
  })
  .check(z.meta({ id: 'TenantCost' }));

export const leastProfitableQuerySchema = z.strictObject({
  period: z
    .string()
    .check(
      z.regex(
        /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/,
        'a day (yyyy-mm-dd) or a month (yyyy-mm)',
      ),
      z.meta({ description: 'A UTC day (yyyy-mm-dd) or month (yyyy-mm, month to date)' }),
    ),
  limit: pageQueryShape.limit,
});

export const leastProfitableSchema = z
  .object({ items: z.array(tenantCostSchema) })
  .check(z.meta({ id: 'LeastProfitableTenants' }));
