/**
 * Consumption: what a tenant's requests and jobs used (capacity units, Lambda GB-seconds), before
 * any price. One record per invocation, the field names it travels under in the EMF log lines, and
 * the port the daily rollup reads a day's totals from.
 */

/** What ran: an API request, or a job of the worker queues. */
export type Consumer = 'request' | 'job';

/** One invocation's figures, attributed to the tenant it ran for. */
export interface ConsumptionRecord {
  readonly tenantId: string;
  readonly consumer: Consumer;
  /** When it ended (ISO-8601 UTC): the day it counts in. */
  readonly at: string;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Measured by the handler's middleware, from its first hook to its last. */
  readonly durationMs: number;
  /** The function's configured memory: what Lambda bills duration by. */
  readonly memoryMb: number;
}

/**
 * The EMF field of each figure. Units, duration and GB-seconds are metrics (one series per plan, never per
 * tenant); tenant, consumer and memory are metadata: in the log line, not in CloudWatch Metrics.
 */
export const consumptionFields = {
  readUnits: 'DynamoReadUnits',
  writeUnits: 'DynamoWriteUnits',
  durationMs: 'ComputeDuration',
  /** Duration × memory, so a query sums one field (memory travels as metadata, a string). */
  gbSeconds: 'ComputeGbSeconds',
  memoryMb: 'memoryMb',
  consumer: 'consumer',
  tenantId: 'tenantId',
} as const;

/** A tenant's totals of one day. */
export interface TenantConsumption {
  readonly requests: number;
  readonly jobs: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Duration × memory, as Lambda bills it (GB = 1,024 MB). */
  readonly gbSeconds: number;
}

export const noConsumption: TenantConsumption = {
  requests: 0,
  jobs: 0,
  readUnits: 0,
  writeUnits: 0,
  gbSeconds: 0,
};

export function gbSecondsOf(durationMs: number, memoryMb: number): number {
  return (durationMs / 1000) * (memoryMb / 1024);
}

/** The sum of two tenants' (or two queries') totals. */
export function addConsumption(a: TenantConsumption, b: TenantConsumption): TenantConsumption {
  return {
    requests: a.requests + b.requests,
    jobs: a.jobs + b.jobs,
    readUnits: a.readUnits + b.readUnits,
    writeUnits: a.writeUnits + b.writeUnits,
    gbSeconds: a.gbSeconds + b.gbSeconds,
  };
}

/**
 * Where the daily rollup reads a finished UTC day's consumption, by tenant id: CloudWatch Logs
 * Insights over the functions' EMF lines on AWS, the local runtime's consumption log on a laptop.
 */
export interface CostSource {
  dailyConsumption(day: string): Promise<ReadonlyMap<string, TenantConsumption>>;
}
