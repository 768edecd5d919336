/**
 * The daily cost rollup of one tenant (part of its `tenant.daily` job): prices the day's
 * consumption, reads revenue from the plan the tenant pays for, writes the day's item and rewrites
 * the month's as the sum of its days. Every write is a whole-item Put of figures computed from the
 * same inputs, so a rerun of the same day changes nothing.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import type { TenantConsumption } from './consumption.ts';
import type { CostStore, TenantCost } from './model.ts';
import { dailyRevenue } from './plan-prices.ts';
import { priceConsumption, priceTableDate, roundDollars } from './pricing.ts';
import { sumCosts } from './totals.ts';

export interface CostRollupDependencies {
  readonly costs: CostStore;
  readonly tenants: Pick<TenantStore, 'getTenant'>;
  readonly now?: () => Date;
}

export interface CostRollupOutcome {
  readonly day: TenantCost;
  readonly month: TenantCost;
}

/** Undefined when the tenant is gone (deleted between the dispatch and the job). */
export async function rollUpDailyCost(
  scope: TenantScope,
  day: string,
  consumption: TenantConsumption,
  { costs, tenants, now = () => new Date() }: CostRollupDependencies,
): Promise<CostRollupOutcome | undefined> {
  const tenant = await tenants.getTenant(scope);
  if (!tenant) return undefined;
  const computedAt = now().toISOString();
  const cost = priceConsumption(consumption);
  const revenue = roundDollars(dailyRevenue(tenant.plan, day));
  const dayCost: TenantCost = {
    tenantId: scope.tenantId,
    period: day,
    plan: tenant.plan,
    days: 1,
    requests: consumption.requests,
    jobs: consumption.jobs,
    readUnits: consumption.readUnits,
    writeUnits: consumption.writeUnits,
    gbSeconds: consumption.gbSeconds,
    cost,
    revenue,
    margin: roundDollars(revenue - cost.total),
    priceTableDate,
    computedAt,
  };
  await costs.put(scope, dayCost);

  const month = day.slice(0, 7);
  const days = await costs.listDays(scope, `${month}-01`, `${month}-31`);
  const latest = days.at(-1) ?? dayCost;
  const monthCost: TenantCost = {
    ...sumCosts(days),
    tenantId: scope.tenantId,
    period: month,
    plan: latest.plan,
    priceTableDate: latest.priceTableDate,
    computedAt,
  };
  await costs.put(scope, monthCost);
  return { day: dayCost, month: monthCost };
}
