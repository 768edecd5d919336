/**
 * The hourly `billing.meter` job of one tenant: reports its usage to Stripe Billing Meters as one
 * event per meter and hour, identified by tenant + meter + hour so a retried job reports once.
 * Requests come from the limiter's monthly count (the one counter; each event is the count's
 * increase since the last report), holdings (seats, projects, webhooks) as that hour's value.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type Stripe from 'stripe';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { MeteredFigure, MeterTable } from '#shared/config/billing-config.ts';
import { requestLimits, shardPlan } from '#shared/limits/tenant-limits.ts';
import { logger } from '#shared/observability/logger.ts';
import { metrics } from '#shared/observability/metrics.ts';
import { effectivePlan } from '#shared/tenants/effective-plan.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import type { StoredUsage, UsageReader } from '#shared/usage/model.ts';
import { followingMonth, hourOf, hourStart, lastHourOfMonth, monthOfHour } from './meter-hours.ts';
import type { MeterReport, MeterReportStore, PendingMeterEvent } from './meter-report.ts';
import type { Pacer } from './pacing.ts';

export interface MeteringDependencies {
  readonly tenants: Pick<TenantStore, 'getTenant'>;
  readonly reports: MeterReportStore;
  readonly usage: UsageReader;
  readonly stripe: () => Promise<Stripe>;
  readonly pace: Pacer;
  readonly meters: MeterTable;
  /** The limiter's scale (limitsConfig), so the shards read are the ones the limiter writes. */
  readonly limitsScale: number;
  readonly now?: () => Date;
}

export type MeteringOutcome =
  | { readonly kind: 'no_customer' }
  | { readonly kind: 'reported'; readonly events: number };

/** A meter event's identifier: Stripe keeps one event per identifier (24 h at least). */
export function meterEventIdentifier(tenantId: string, eventName: string, hour: string): string {
  return `${tenantId}:${eventName}:${hour}`;
}

/** The next thing to do for the requests meter, from where its report stands. */
export type MeterStep =
  | { readonly kind: 'done' }
  /** The pending event, sent again after a run that died with it: same identifier, same value. */
  | { readonly kind: 'send'; readonly event: PendingMeterEvent }
  /** First run for this tenant: count from now on; what came before it is not billed. */
  | { readonly kind: 'baseline'; readonly month: string }
  /** An hour of a month before the baseline's: nothing of it is counted. */
  | { readonly kind: 'skip' }
  | {
      readonly kind: 'report';
      readonly hour: string;
      readonly month: string;
      /** The month's count already reported. */
      readonly base: number;
    };

/**
 * Up to `hour`, month by month: a month left unfinished is closed at its last hour before the next
 * one is reported, so no count is lost when the schedule missed hours, or a whole month.
 */
export function nextMeterStep(
  report: MeterReport | undefined,
  hour: string,
  currentMonth: string,
): MeterStep {
  if (report === undefined) return { kind: 'baseline', month: currentMonth };
  if (report.pending) return { kind: 'send', event: report.pending };
  if (report.lastHour >= hour) return { kind: 'done' };
  const month = monthOfHour(hour);
  if (report.month > month) return { kind: 'skip' };
  if (report.month === month) return { kind: 'report', hour, month, base: report.reported };
  const closing = lastHourOfMonth(report.month);
  if (report.lastHour < closing) {
    return { kind: 'report', hour: closing, month: report.month, base: report.reported };
  }
  const following = followingMonth(report.month);
  if (following < month) {
    return { kind: 'report', hour: lastHourOfMonth(following), month: following, base: 0 };
  }
  return { kind: 'report', hour, month, base: 0 };
}

/** Stripe takes events up to 35 days back: an older hour (a long outage) is reported as 34 days ago. */
const oldestEventAgeMs = 34 * 24 * 60 * 60 * 1000;

/** Enough steps for a closing month, a missed month, the hour itself, and a concurrent run. */
const maxSteps = 12;

const holdings = ['seats', 'projects', 'webhooks'] as const satisfies readonly MeteredFigure[];

export async function reportTenantUsage(
  scope: TenantScope,
  hour: string,
  deps: MeteringDependencies,
): Promise<MeteringOutcome> {
  const now = deps.now?.() ?? new Date();
  const tenant = await deps.tenants.getTenant(scope);
  const customerId = tenant?.billing?.customerId;
  if (tenant === undefined || customerId === undefined) return { kind: 'no_customer' };
  const { shards } = shardPlan(
    requestLimits(effectivePlan(tenant, now), tenant.limits, deps.limitsScale),
  );
  const reads = new Map<string, Promise<StoredUsage>>();
  const usageOf = (month: string): Promise<StoredUsage> => {
    const read = reads.get(month) ?? deps.usage.read(scope, month, shards);
    reads.set(month, read);
    return read;
  };
  const send = async (eventName: string, eventHour: string, value: number): Promise<void> => {
    const timestamp = Math.max(hourStart(eventHour).getTime(), now.getTime() - oldestEventAgeMs);
    const stripe = await deps.stripe();
    await deps.pace();
    await stripe.billing.meterEvents.create({
      event_name: eventName,
      payload: { stripe_customer_id: customerId, value: String(value) },
      identifier: meterEventIdentifier(scope.tenantId, eventName, eventHour),
      timestamp: Math.floor(timestamp / 1000),
    });
    metrics.addMetric('MeterEventsReported', MetricUnit.Count, 1);
  };

  const currentMonth = monthOfHour(hourOf(now));
  let events = 0;
  const requestsMeter = deps.meters.requests;
  if (requestsMeter !== undefined) {
    events += await reportRequests(scope, hour, requestsMeter, {
      reports: deps.reports,
      count: async (month) => (await usageOf(month)).requests,
      send,
      currentMonth,
    });
  }
  for (const figure of holdings) {
    const eventName = deps.meters[figure];
    if (eventName === undefined) continue;
    // What the tenant holds now stands for the hour: a meter keeping the last value bills it.
    const held = (await usageOf(currentMonth)).holdings[figure] ?? 0;
    await send(eventName, hour, held);
    events += 1;
  }
  return { kind: 'reported', events };
}

async function reportRequests(
  scope: TenantScope,
  hour: string,
  eventName: string,
  deps: {
    readonly reports: MeterReportStore;
    readonly count: (month: string) => Promise<number>;
    readonly send: (eventName: string, hour: string, value: number) => Promise<void>;
    readonly currentMonth: string;
  },
): Promise<number> {
  let sent = 0;
  for (let step = 0; step < maxSteps; step++) {
    const report = await deps.reports.get(scope, eventName);
    const next = nextMeterStep(report, hour, deps.currentMonth);
    const save = (to: MeterReport): Promise<boolean> =>
      deps.reports.save(scope, eventName, to, report?.version);
    switch (next.kind) {
      case 'done':
        return sent;
      case 'send': {
        // Maybe sent before by a run that died: the same identifier makes Stripe keep one.
        await deps.send(eventName, next.event.hour, next.event.value);
        sent += 1;
        const { hour: lastHour, month, count: reported } = next.event;
        await save({ lastHour, month, reported });
        break;
      }
      case 'baseline':
        await save({ lastHour: hour, month: next.month, reported: await deps.count(next.month) });
        break;
      case 'skip':
        if (report) await save({ lastHour: hour, month: report.month, reported: report.reported });
        break;
      case 'report': {
        const count = await deps.count(next.month);
        const value = count - next.base;
        // Nothing new (or fewer, after a restore: what was reported stays the base) → no event.
        if (value <= 0) {
          await save({
            lastHour: next.hour,
            month: next.month,
            reported: Math.max(count, next.base),
          });
          break;
        }
        // Recorded before it is sent: a run that dies after sending sends exactly this again.
        const pending = { hour: next.hour, month: next.month, count, value };
        if (report) {
          const { lastHour, month, reported } = report;
          await save({ lastHour, month, reported, pending });
        }
        break;
      }
    }
  }
  logger.warn('Meter report did not settle; the next run goes on from where it stands', {
    tenantId: scope.tenantId,
    eventName,
    hour,
  });
  return sent;
}
