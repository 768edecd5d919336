/**
 * What one invocation consumes on behalf of one tenant: the DynamoDB capacity units its calls
 * consumed, summed while it runs. Each API request and each job runs inside its own meter
 * (AsyncLocalStorage), so requests served side by side in one process (the local gateway, a worker
 * batch run in parallel) never add to each other's figures.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ConsumedUnits {
  readonly readUnits: number;
  readonly writeUnits: number;
}

/** The running figures of one invocation; the tenant is set once it is known (a job's envelope). */
export interface Meter extends ConsumedUnits {
  readUnits: number;
  writeUnits: number;
  tenantId: string | undefined;
}

const meters = new AsyncLocalStorage<Meter>();

/**
 * Runs `work` inside a fresh meter and hands the meter to `settle` when it ends, however it ends
 * (an API request records from its own middleware, inside the meter, and passes no `settle`).
 */
export async function metered<T>(
  work: () => Promise<T>,
  settle: (meter: Meter) => void = () => undefined,
): Promise<T> {
  const meter: Meter = { readUnits: 0, writeUnits: 0, tenantId: undefined };
  try {
    return await meters.run(meter, work);
  } finally {
    settle(meter);
  }
}

/** The meter of the invocation in progress; undefined outside any (tools, tests, cold start). */
export function currentMeter(): Meter | undefined {
  return meters.getStore();
}

/** Adds consumed units to the invocation in progress; nothing happens outside a meter. */
export function addConsumedUnits(units: ConsumedUnits): void {
  const meter = meters.getStore();
  if (meter === undefined) return;
  meter.readUnits += units.readUnits;
  meter.writeUnits += units.writeUnits;
}

/** Names the tenant the invocation in progress works for (a job learns it from its envelope). */
export function attributeToTenant(tenantId: string): void {
  const meter = meters.getStore();
  if (meter !== undefined) meter.tenantId = tenantId;
}
