/**
 * Cost and margin per tenant as the domain sees them: one item per tenant and UTC day (and one per
 * month, the sum of its days), and the port their store implements.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PlanName } from '#shared/tenants/plans.ts';
import type { TenantConsumption } from './consumption.ts';
import type { CostBreakdown } from './pricing.ts';

/** A tenant's consumption, cost, revenue and margin over one period: a day or a month. */
export interface TenantCost extends TenantConsumption {
  readonly tenantId: string;
  /** `yyyy-mm-dd` (a day) or `yyyy-mm` (a month). */
  readonly period: string;
  /** The plan the tenant pays for (the latest day's, for a month): what revenue is read from. */
  readonly plan: PlanName;
  /** Days summed: 1 for a day, the days rolled up so far for a month. */
  readonly days: number;
  /** Dollars per component and in total. */
  readonly cost: CostBreakdown;
  /** The plan's monthly price, prorated per day. */
  readonly revenue: number;
  /** Revenue − cost. */
  readonly margin: number;
  /** The price table's date (shared/costs/price-table.ts), the latest day's for a month. */
  readonly priceTableDate: string;
  readonly computedAt: string;
}

export interface CostStore {
  /** Writes (or rewrites) a day's or a month's item, with its place in the period's ranking. */
  put(scope: TenantScope, cost: TenantCost): Promise<void>;
  /** The tenant's day items from `from` to `to` (`yyyy-mm-dd`, both included), oldest first. */
  listDays(scope: TenantScope, from: string, to: string): Promise<TenantCost[]>;
  /** The period's items by margin, lowest first: the least profitable tenants of a day or month. */
  lowestMargins(period: string, limit: number): Promise<TenantCost[]>;
}
