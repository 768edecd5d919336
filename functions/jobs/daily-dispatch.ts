/**
 * The daily schedule's target (EventBridge): one `tenant.daily` job per active tenant for the UTC
 * day that just ended. Locally `npm run daily` (POST /_local/daily) calls the same handler.
 */
import type { ScheduledEvent } from 'aws-lambda';
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
  const { tenants } = await dispatchDailyJobs(date, {
    index: activeTenantIndex(),
    send: sendEnvelopes,
  });
  logger.info('Daily jobs enqueued', { date, tenants });
  return { date, tenants };
}
