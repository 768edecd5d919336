/**
 * Where reporting to one Stripe meter stands for a tenant: the last hour reported and the limiter
 * count that report reached, and the port its store implements. An event being sent is kept as
 * `pending` first, so a retry resends the very same event (identifier and value) instead of a
 * recount.
 */
import * as z from 'zod/mini';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { meterHourSchema } from './meter-hours.ts';

const countSchema = z.number().check(z.int(), z.nonnegative());

export const pendingMeterEventSchema = z.object({
  hour: meterHourSchema,
  /** The month (`yyyy-mm`) of the limiter count below. */
  month: z.string(),
  /** The month's count once this event is recorded. */
  count: countSchema,
  /** What the event reports: the count's increase since the last report. */
  value: countSchema,
});
export type PendingMeterEvent = z.infer<typeof pendingMeterEventSchema>;

export const meterReportSchema = z.object({
  lastHour: meterHourSchema,
  /** The month (`yyyy-mm`) whose limiter count `reported` is. */
  month: z.string(),
  /** That month's count as far as it was reported. */
  reported: countSchema,
  pending: z.optional(pendingMeterEventSchema),
});
export type MeterReport = z.infer<typeof meterReportSchema>;

export interface StoredMeterReport extends MeterReport {
  /** Bumped on every save: two runs of one tenant's job never both move the report. */
  readonly version: number;
}

export interface MeterReportStore {
  get(scope: TenantScope, eventName: string): Promise<StoredMeterReport | undefined>;
  /**
   * Saves `next` if the stored report is still at `expectedVersion` (absent when undefined);
   * false when another run moved it first.
   */
  save(
    scope: TenantScope,
    eventName: string,
    next: MeterReport,
    expectedVersion: number | undefined,
  ): Promise<boolean>;
}
