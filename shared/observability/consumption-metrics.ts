/**
 * Records one invocation's consumption for the cost per tenant: its figures go onto an EMF line
 * (tenant as metadata, never a dimension) and, in the local runtime, into the consumption log the
 * local daily rollup reads. The caller publishes the line.
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { consumptionLogDir } from '#shared/config/runtime-config.ts';
import {
  type ConsumptionRecord,
  consumptionFields as fields,
  gbSecondsOf,
} from '#shared/costs/consumption.ts';
import { appendConsumption } from '#shared/costs/local-consumption-log.ts';
import type { Meter } from '#shared/costs/meter.ts';

/** The record of a finished invocation, from its meter and its measured duration. */
export function consumptionRecord(
  meter: Meter,
  tenantId: string,
  consumer: ConsumptionRecord['consumer'],
  durationMs: number,
  memoryMb: number,
): ConsumptionRecord {
  return {
    tenantId,
    consumer,
    at: new Date().toISOString(),
    readUnits: meter.readUnits,
    writeUnits: meter.writeUnits,
    durationMs,
    memoryMb,
  };
}

export function recordConsumption(line: Metrics, record: ConsumptionRecord): void {
  line.addMetadata(fields.tenantId, record.tenantId);
  line.addMetadata(fields.consumer, record.consumer);
  line.addMetadata(fields.memoryMb, String(record.memoryMb));
  line.addMetric(fields.readUnits, MetricUnit.Count, record.readUnits);
  line.addMetric(fields.writeUnits, MetricUnit.Count, record.writeUnits);
  line.addMetric(fields.durationMs, MetricUnit.Milliseconds, record.durationMs);
  line.addMetric(
    fields.gbSeconds,
    MetricUnit.NoUnit,
    gbSecondsOf(record.durationMs, record.memoryMb),
  );
  const dir = consumptionLogDir();
  if (dir !== undefined) appendConsumption(dir, record);
}

/** The function's configured memory, from the Lambda context ('256' → 256). */
export function memoryOf(context: { readonly memoryLimitInMB?: string } | undefined): number {
  const memory = Number(context?.memoryLimitInMB);
  return Number.isFinite(memory) && memory > 0 ? memory : 0;
}
