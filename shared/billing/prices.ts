/** Plan ↔ Stripe price, both ways, from the configured price table (never from the client). */
import type { BillingInterval, PaidPlanName, PriceTable } from '#shared/config/billing-config.ts';

export function priceOf(
  prices: PriceTable,
  plan: PaidPlanName,
  interval: BillingInterval,
): string | undefined {
  return prices[plan]?.[interval];
}

export function planOfPrice(
  prices: PriceTable,
  priceId: string,
): { readonly plan: PaidPlanName; readonly interval: BillingInterval } | undefined {
  for (const [plan, intervals] of Object.entries(prices) as [
    PaidPlanName,
    PriceTable[PaidPlanName],
  ][]) {
    for (const [interval, id] of Object.entries(intervals ?? {}) as [BillingInterval, string][]) {
      if (id === priceId) return { plan, interval };
    }
  }
  return undefined;
}
