/**
 * The daily schedule's target (EventBridge): reads the UTC day that just ended's consumption per
 * tenant (Logs Insights on AWS, the consumption log locally), then enqueues one `tenant.daily` job
 * per active tenant carrying its share. Locally `npm run daily` (POST /_local/daily) calls it.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { costSource } from '#shared/costs/cost-source.ts';
import { activeTenantIndex } from '#shared/data/stores.ts';
import { sendEnvelopes } from '#shared/jobs/enqueue.ts';
import { logger } from '#shared/observability/logger.ts';
import { dispatchDailyJobs, previousUtcDay } from '#shared/upkeep/dispatch.ts';

export interface DailyDispatchResult {
  readonly date: string;
  readonly tenants: number;
}

/** `detail.date` (yyyy-mm-dd) overrides the day, to re-run one by hand. */
export async function handler(
  event: Pick<ScheduledEvent<{ date?: string }>, 'time' | 'detail'>,
): Promise<DailyDispatchResult> {
  const requested = event.detail?.date;
  const date =
    typeof requested === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(requested)
      ? requested
      : previousUtcDay(new Date(event.time));
  // One read of the day's consumption for every tenant; each tenant's job prices its own share.
  const consumption = await costSource()?.dailyConsumption(date);
  const { tenants } = await dispatchDailyJobs(date, {
    index: activeTenantIndex(),
    consumption,
    send: sendEnvelopes,
  });
  logger.info('Daily jobs enqueued', { date, tenants, tenantsWithConsumption: consumption?.size });
  return { date, tenants };
}
