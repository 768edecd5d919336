/**
 * GET /v1/usage's figures: this calendar month (UTC) of requests against the quota the limiter
 * enforces, and holdings against the plan's limits, for the caller's effective plan and overrides.
 */
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { quotaPeriod } from '#shared/limits/periods.ts';
import { requestLimits, shardPlan } from '#shared/limits/tenant-limits.ts';
import { type PlanLimits, plans } from '#shared/tenants/plans.ts';
import type { UsageReader } from './model.ts';

export interface Allowance {
  readonly used: number;
  readonly limit: number;
  /** Never below zero; a tenant over a lower plan's limit keeps what it has (0 left). */
  readonly remaining: number;
}

export interface TenantUsage {
  readonly plan: TenantContext['plan'];
  readonly period: { readonly month: string; readonly start: string; readonly end: string };
  readonly requests: Allowance;
  readonly seats: Allowance;
  readonly projects: Allowance;
  readonly webhooks: Allowance;
  /** Other counters of the month (e.g. `exports`, `exportedItems`), as jobs record them. */
  readonly counters: Readonly<Record<string, number>>;
}

/** What each holding counter is limited by. */
const holdingLimits = {
  seats: 'maxSeats',
  projects: 'maxProjects',
  webhooks: 'maxWebhooks',
} as const satisfies Record<string, keyof PlanLimits>;

function allowance(used: number, limit: number): Allowance {
  return { used, limit, remaining: Math.max(0, limit - used) };
}

export async function readTenantUsage(
  ctx: Pick<TenantContext, 'plan' | 'overrides'> & Parameters<UsageReader['read']>[0],
  reader: UsageReader,
  { scale, now }: { readonly scale: number; readonly now: Date },
): Promise<TenantUsage> {
  const limits = requestLimits(ctx.plan, ctx.overrides?.limits, scale);
  const period = quotaPeriod(now.getTime());
  const stored = await reader.read(ctx, period.month, shardPlan(limits).shards);
  const [year, month] = period.month.split('-').map(Number) as [number, number];
  const plan = plans[ctx.plan];
  const held = (name: keyof typeof holdingLimits): Allowance =>
    allowance(stored.holdings[name] ?? 0, plan[holdingLimits[name]]);
  return {
    plan: ctx.plan,
    period: {
      month: period.month,
      start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
      end: new Date(Date.UTC(year, month, 1)).toISOString(),
    },
    requests: allowance(stored.requests, limits.monthlyRequests),
    seats: held('seats'),
    projects: held('projects'),
    webhooks: held('webhooks'),
    counters: stored.counters,
  };
}
