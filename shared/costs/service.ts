/**
 * What the control plane reads of cost and margin per tenant: one tenant's days with their totals,
 * and the least profitable tenants of a day or a month. The operator routes call these; nothing
 * else reads the cost items.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { costStore } from '#shared/data/stores.ts';
import { ValidationError } from '#shared/errors.ts';
import type { CostStore, TenantCost } from './model.ts';
import { type CostTotals, sumCosts } from './totals.ts';

export interface TenantCostSummary {
  readonly tenantId: string;
  readonly from: string;
  readonly to: string;
  /** The days with a cost item, oldest first (a day before sign-up or not yet rolled up has none). */
  readonly days: readonly TenantCost[];
  readonly totals: CostTotals;
}

const dayPattern = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const monthPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
/** A summary spans at most about a year of days (one Query of ≤ 366 small items). */
const maxSummaryDays = 366;

function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
}

/** A tenant's cost, revenue and margin per day from `from` to `to` (`yyyy-mm-dd`, both included). */
export async function tenantCostSummary(
  scope: TenantScope,
  from: string,
  to: string,
  store: CostStore = costStore(),
): Promise<TenantCostSummary> {
  if (!dayPattern.test(from) || !dayPattern.test(to) || from > to) {
    throw new ValidationError('from and to must be days (yyyy-mm-dd), from not after to', {
      from,
      to,
    });
  }
  if (daysBetween(from, to) > maxSummaryDays) {
    throw new ValidationError(`A cost summary spans at most ${maxSummaryDays} days`, { from, to });
  }
  const days = await store.listDays(scope, from, to);
  return { tenantId: scope.tenantId, from, to, days, totals: sumCosts(days) };
}

/**
 * The `limit` tenants with the lowest margin (revenue − cost) of a day (`yyyy-mm-dd`) or a month
 * (`yyyy-mm`, month to date), lowest first. One index Query, never a Scan.
 */
export async function leastProfitableTenants(
  period: string,
  limit: number,
  store: CostStore = costStore(),
): Promise<readonly TenantCost[]> {
  if (!dayPattern.test(period) && !monthPattern.test(period)) {
    throw new ValidationError('period must be a day (yyyy-mm-dd) or a month (yyyy-mm)', {
      period,
    });
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new ValidationError('limit must be a whole number from 1 to 100', { limit });
  }
  return store.lowestMargins(period, limit);
}
