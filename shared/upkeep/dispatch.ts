/**
 * The daily schedule's fan-out: one `tenant.daily` job per active tenant, each carrying its tenant's
 * consumption of the day (read once for all tenants, priced by the tenant's own job).
 */
import { noConsumption, type TenantConsumption } from '#shared/costs/consumption.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { enqueueForEachTenant, type TenantIndex } from '#shared/jobs/tenant-fan-out.ts';

export interface DispatchDependencies {
  readonly index: TenantIndex;
  /**
   * The day's consumption by tenant id (CostSource); a tenant absent from it consumed nothing.
   * Undefined where no cost source is configured: the jobs then carry none and price nothing.
   */
  readonly consumption: ReadonlyMap<string, TenantConsumption> | undefined;
  readonly send: (envelopes: readonly JobEnvelope<'tenant.daily'>[]) => Promise<void>;
  readonly now?: () => Date;
}

/** The UTC day before `at`: the day whose counters are complete when the schedule fires. */
export function previousUtcDay(at: Date): string {
  return new Date(at.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** `daily-<date>-<tenantId>`: the same tenant and day always give the same job id. */
export function dailyJobId(date: string, tenantId: string): string {
  return `daily-${date}-${tenantId}`;
}

export async function dispatchDailyJobs(
  date: string,
  { index, consumption, send, now = () => new Date() }: DispatchDependencies,
): Promise<{ readonly tenants: number }> {
  const enqueuedAt = now().toISOString();
  const tenants = await enqueueForEachTenant(
    index,
    (scope): JobEnvelope<'tenant.daily'> => ({
      kind: 'tenant.daily',
      id: dailyJobId(date, scope.tenantId),
      tenantId: scope.tenantId,
      payload:
        consumption === undefined
          ? { date }
          : { date, consumption: consumption.get(scope.tenantId) ?? noConsumption },
      enqueuedAt,
    }),
    send,
  );
  return { tenants };
}
