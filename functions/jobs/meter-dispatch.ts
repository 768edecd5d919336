/**
 * The hourly schedule's target (EventBridge): enqueues one `billing.meter` job per tenant with a
 * Stripe customer, for the hour that just ended. Locally `npm run meter` (POST /_local/meter) calls it.
 */
import type { ScheduledEvent } from 'aws-lambda';
import { dispatchMeterJobs, meterHourToReport } from '#shared/billing/meter-dispatch.ts';
import { billedTenantIndex } from '#shared/data/stores.ts';
import { sendEnvelopes } from '#shared/jobs/enqueue.ts';
import { logger } from '#shared/observability/logger.ts';

export interface MeterDispatchResult {
  readonly hour: string;
  readonly tenants: number;
}

/** `detail.hour` (yyyy-mm-ddThh, UTC) overrides the hour, to re-run one by hand. */
export async function handler(
  event: Pick<ScheduledEvent<{ hour?: string }>, 'time' | 'detail'>,
): Promise<MeterDispatchResult> {
  const hour = meterHourToReport(new Date(event.time), event.detail?.hour);
  const { tenants } = await dispatchMeterJobs(hour, {
    index: billedTenantIndex(),
    send: sendEnvelopes,
  });
  logger.info('Meter jobs enqueued', { hour, tenants });
  return { hour, tenants };
}
