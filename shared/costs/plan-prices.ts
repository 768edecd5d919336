/**
 * What each plan costs a tenant a month, in US dollars, beside the plans table (shared/tenants/
 * plans.ts): the revenue side of the margin per tenant. Stripe stays the source of truth for what a
 * tenant is charged (taxes, discounts, proration); these are the list prices a margin is read against.
 */
import type { PlanName } from '#shared/tenants/plans.ts';

export const monthlyPlanPrices: Readonly<Record<PlanName, number>> = {
  free: 0,
  pro: 49,
  enterprise: 499,
};

function daysInMonth(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One day's share of the plan's monthly price: the month's price over the month's days. */
export function dailyRevenue(plan: PlanName, day: string): number {
  return monthlyPlanPrices[plan] / daysInMonth(day);
}
