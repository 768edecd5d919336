/**
 * The local runtime's stand-in for the EMF lines in CloudWatch Logs: every consumption record is
 * appended as one JSON line to `<dir>/<yyyy-mm-dd>.jsonl`, and the daily rollup reads a day's file
 * back through the same CostSource port the Logs Insights source implements on AWS.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  addConsumption,
  type ConsumptionRecord,
  type CostSource,
  gbSecondsOf,
  noConsumption,
  type TenantConsumption,
} from './consumption.ts';

const dayFile = (dir: string, day: string): string => join(dir, `${day}.jsonl`);

/**
 * Appends one record. Synchronous, so the line is whole before the request's answer leaves, and one
 * `write` with O_APPEND keeps lines of requests served side by side apart.
 */
export function appendConsumption(dir: string, record: ConsumptionRecord): void {
  mkdirSync(dir, { recursive: true });
  appendFileSync(dayFile(dir, record.at.slice(0, 10)), `${JSON.stringify(record)}\n`);
}

function isRecord(value: unknown): value is ConsumptionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.tenantId === 'string' &&
    (record.consumer === 'request' || record.consumer === 'job') &&
    ['readUnits', 'writeUnits', 'durationMs', 'memoryMb'].every(
      (field) => typeof record[field] === 'number',
    )
  );
}

export class LocalConsumptionLog implements CostSource {
  constructor(private readonly dir: string) {}

  async dailyConsumption(day: string): Promise<ReadonlyMap<string, TenantConsumption>> {
    let text: string;
    try {
      text = await readFile(dayFile(this.dir, day), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw error;
    }
    const totals = new Map<string, TenantConsumption>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const record: unknown = JSON.parse(line);
      if (!isRecord(record)) continue;
      totals.set(
        record.tenantId,
        addConsumption(totals.get(record.tenantId) ?? noConsumption, {
          requests: record.consumer === 'request' ? 1 : 0,
          jobs: record.consumer === 'job' ? 1 : 0,
          readUnits: record.readUnits,
          writeUnits: record.writeUnits,
          gbSeconds: gbSecondsOf(record.durationMs, record.memoryMb),
        }),
      );
    }
    return totals;
  }
}
