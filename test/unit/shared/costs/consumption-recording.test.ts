/**
 * What one invocation's DynamoDB calls consumed, as the client middleware reads it from DynamoDB's
 * answers, kept apart for invocations running side by side, and summed back per tenant and day
 * from the local consumption log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendConsumption, LocalConsumptionLog } from '#shared/costs/local-consumption-log.ts';
import { addConsumedUnits, metered } from '#shared/costs/meter.ts';
import { consumedUnits } from '#shared/data/consumed-capacity.ts';

describe('consumedUnits', () => {
  it('counts a reported total as reads or writes by the kind of call', () => {
    // Act
    const read = consumedUnits('read', { TableName: 't', CapacityUnits: 0.5 });
    const write = consumedUnits('write', [{ TableName: 't', CapacityUnits: 2 }]);

    // Assess
    expect(read).toEqual({ readUnits: 0.5, writeUnits: 0 });
    expect(write).toEqual({ readUnits: 0, writeUnits: 2 });
  });

  it('takes DynamoDB’s own split of read and write units where it gives one', () => {
    // Act
    const units = consumedUnits('write', [
      { TableName: 't', CapacityUnits: 5, ReadCapacityUnits: 1, WriteCapacityUnits: 4 },
    ]);

    // Assess
    expect(units).toEqual({ readUnits: 1, writeUnits: 4 });
  });
});

describe('metered', () => {
  it('keeps the units of invocations running side by side apart', async () => {
    // Prepare
    const settled: number[] = [];
    const invocation = (units: number) =>
      metered(
        async () => {
          for (let call = 0; call < 3; call++) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            addConsumedUnits({ readUnits: units, writeUnits: 0 });
          }
        },
        (meter) => settled.push(meter.readUnits),
      );

    // Act
    await Promise.all([invocation(1), invocation(10)]);

    // Assess
    expect(settled.sort((a, b) => a - b)).toEqual([3, 30]);
  });
});

describe('LocalConsumptionLog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tenantkit-consumption-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sums a day’s records by tenant, requests and jobs apart, GB-seconds from duration and memory', async () => {
    // Prepare
    const record = {
      readUnits: 1.5,
      writeUnits: 2,
      durationMs: 500,
      memoryMb: 1024,
    } as const;
    appendConsumption(dir, {
      ...record,
      tenantId: 'A',
      consumer: 'request',
      at: '2030-01-02T10:00:00Z',
    });
    appendConsumption(dir, {
      ...record,
      tenantId: 'A',
      consumer: 'job',
      at: '2030-01-02T23:59:59Z',
    });
    appendConsumption(dir, {
      ...record,
      tenantId: 'B',
      consumer: 'request',
      at: '2030-01-02T01:00:00Z',
    });
    appendConsumption(dir, {
      ...record,
      tenantId: 'A',
      consumer: 'request',
      at: '2030-01-03T00:00:00Z',
    });

    // Act
    const totals = await new LocalConsumptionLog(dir).dailyConsumption('2030-01-02');

    // Assess
    expect(totals.get('A')).toEqual({
      requests: 1,
      jobs: 1,
      readUnits: 3,
      writeUnits: 4,
      gbSeconds: 1,
    });
    expect(totals.get('B')?.requests).toBe(1);
    expect(await new LocalConsumptionLog(dir).dailyConsumption('2030-01-04')).toEqual(new Map());
  });
});
