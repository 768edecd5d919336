/**
 * Cost and margin per tenant for operators: this month so far of one tenant (its detail), and the
 * least profitable tenants of a day or a month. Read from the daily cost items (shared/costs).
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { type TenantCostSummary, tenantCostSummary } from '#shared/costs/service.ts';
import type { CostTotals } from '#shared/costs/totals.ts';

export interface MonthCost extends CostTotals {
  /** `yyyy-mm`: the month so far, up to the last day the daily job priced. */
  readonly period: string;
}

/** The tenant's cost, revenue and margin from the first of `now`'s month (UTC) to today. */
export async function monthToDateCost(
  scope: TenantScope,
  now: Date,
  summarize: typeof tenantCostSummary = tenantCostSummary,
): Promise<MonthCost> {
  const today = now.toISOString().slice(0, 10);
  const month = today.slice(0, 7);
  const summary: TenantCostSummary = await summarize(scope, `${month}-01`, today);
  return { period: month, ...summary.totals };
}
