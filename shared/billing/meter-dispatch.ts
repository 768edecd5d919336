/**
 * The hourly schedule's fan-out: one `billing.meter` job per tenant with a Stripe customer (the
 * billed-tenant index), for the hour that just ended. A repeated run of one hour is one job per
 * tenant: the job id is fixed per tenant and hour.
 */
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { enqueueForEachTenant, type TenantIndex } from '#shared/jobs/tenant-fan-out.ts';
import { hourOf, hourStart, meterHourSchema, previousHour } from './meter-hours.ts';

/** `meter-<hour>-<tenantId>`. */
export function meterJobId(hour: string, tenantId: string): string {
  return `meter-${hour}-${tenantId}`;
}

/**
 * The hour to report: the one before `at`, or a requested hour (to re-run one by hand) that has
 * begun by `at` and lies within Stripe's 35 days; anything else is refused.
 */
export function meterHourToReport(at: Date, requested?: unknown): string {
  if (requested === undefined) return previousHour(at);
  const hour = meterHourSchema.safeParse(requested);
  if (!hour.success || Number.isNaN(hourStart(hour.data).getTime())) {
    throw new RangeError(`hour must be yyyy-mm-ddThh (UTC), not ${String(requested)}`);
  }
  if (hour.data > hourOf(at)) throw new RangeError(`hour ${hour.data} has not begun yet`);
  if (at.getTime() - hourStart(hour.data).getTime() > 35 * 24 * 60 * 60 * 1000) {
    throw new RangeError(`hour ${hour.data} is older than the 35 days Stripe takes`);
  }
  return hour.data;
}

export async function dispatchMeterJobs(
  hour: string,
  deps: {
    readonly index: TenantIndex;
    readonly send: (envelopes: readonly JobEnvelope<'billing.meter'>[]) => Promise<void>;
    readonly now?: () => Date;
  },
): Promise<{ readonly tenants: number }> {
  const enqueuedAt = (deps.now?.() ?? new Date()).toISOString();
  const tenants = await enqueueForEachTenant(
    deps.index,
    (scope): JobEnvelope<'billing.meter'> => ({
      kind: 'billing.meter',
      id: meterJobId(hour, scope.tenantId),
      tenantId: scope.tenantId,
      payload: { hour },
      enqueuedAt,
    }),
    deps.send,
  );
  return { tenants };
}
