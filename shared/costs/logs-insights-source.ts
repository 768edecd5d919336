/**
 * The CostSource on AWS: one CloudWatch Logs Insights aggregation over the EMF lines the functions
 * wrote on a UTC day (shared/observability/consumption-metrics.ts), summed by tenant. The stack's
 * log groups are found by name prefix and queried 50 at a time (StartQuery's limit); a query that
 * fills its 10,000 result rows is split by the last character of the tenant id until none does.
 */
import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  paginateDescribeLogGroups,
  type ResultField,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  addConsumption,
  type CostSource,
  consumptionFields as fields,
  noConsumption,
  type TenantConsumption,
} from './consumption.ts';

/** StartQuery takes at most 50 log groups; GetQueryResults returns at most 10,000 rows. */
const logGroupsPerQuery = 50;
export const maxResultRows = 10_000;
/** Tenant ids are ULIDs: Crockford base32, whose last character is random. */
const tenantIdAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const dayMs = 24 * 60 * 60 * 1000;

export interface LogsInsightsOptions {
  readonly client: CloudWatchLogsClient;
  /** Every log group whose name starts with it is queried: the stack's name and a hyphen. */
  readonly logGroupPrefix: string;
  /** @default 2_000 */
  readonly pollIntervalMs?: number;
  /** A query still running after this long fails the rollup (and the schedule retries). @default 240_000 */
  readonly maxWaitMs?: number;
  /** @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** The query over one day; `lastCharacters` narrows it to tenant ids ending in one of them. */
export function consumptionQuery(day: string, lastCharacters?: string): string {
  const end = Date.parse(`${day}T00:00:00Z`) + dayMs;
  return [
    `filter ispresent(${fields.tenantId}) and ispresent(${fields.gbSeconds}) and @timestamp < ${end}`,
    ...(lastCharacters === undefined
      ? []
      : [`filter ${fields.tenantId} like /[${lastCharacters}]$/`]),
    `stats count(*) as invocations, sum(${fields.readUnits}) as readUnits, sum(${fields.writeUnits}) as writeUnits, sum(${fields.gbSeconds}) as gbSeconds by ${fields.tenantId}, ${fields.consumer}`,
    `limit ${maxResultRows}`,
  ].join('\n| ');
}

function numberOf(row: readonly ResultField[], field: string): number {
  const value = Number(row.find((entry) => entry.field === field)?.value ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/** Adds each result row (one tenant and consumer) to `totals`. */
export function addResultRows(
  totals: Map<string, TenantConsumption>,
  rows: readonly (readonly ResultField[])[],
): void {
  for (const row of rows) {
    const tenantId = row.find((entry) => entry.field === fields.tenantId)?.value;
    if (tenantId === undefined || tenantId === '') continue;
    const consumer = row.find((entry) => entry.field === fields.consumer)?.value;
    const invocations = numberOf(row, 'invocations');
    totals.set(
      tenantId,
      addConsumption(totals.get(tenantId) ?? noConsumption, {
        requests: consumer === 'request' ? invocations : 0,
        jobs: consumer === 'job' ? invocations : 0,
        readUnits: numberOf(row, 'readUnits'),
        writeUnits: numberOf(row, 'writeUnits'),
        gbSeconds: numberOf(row, 'gbSeconds'),
      }),
    );
  }
}

export class QueryFailedError extends Error {}

export class LogsInsightsCostSource implements CostSource {
  private readonly pollIntervalMs: number;
  private readonly maxWaitMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: LogsInsightsOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 2_000;
    this.maxWaitMs = options.maxWaitMs ?? 240_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async dailyConsumption(day: string): Promise<ReadonlyMap<string, TenantConsumption>> {
    const totals = new Map<string, TenantConsumption>();
    const groups = await this.logGroups();
    for (let offset = 0; offset < groups.length; offset += logGroupsPerQuery) {
      await this.queryInto(totals, groups.slice(offset, offset + logGroupsPerQuery), day);
    }
    return totals;
  }

  private async logGroups(): Promise<string[]> {
    const names: string[] = [];
    const pages = paginateDescribeLogGroups(
      { client: this.options.client },
      { logGroupNamePrefix: this.options.logGroupPrefix },
    );
    for await (const page of pages) {
      for (const group of page.logGroups ?? []) {
        if (group.logGroupName !== undefined) names.push(group.logGroupName);
      }
    }
    return names;
  }

  /** Runs the query; a result that may be cut off is run again as two narrower queries. */
  private async queryInto(
    totals: Map<string, TenantConsumption>,
    logGroupNames: readonly string[],
    day: string,
    lastCharacters?: string,
  ): Promise<void> {
    const rows = await this.run(logGroupNames, day, lastCharacters);
    const characters = lastCharacters ?? tenantIdAlphabet;
    if (rows.length >= maxResultRows && characters.length > 1) {
      const half = Math.ceil(characters.length / 2);
      await this.queryInto(totals, logGroupNames, day, characters.slice(0, half));
      await this.queryInto(totals, logGroupNames, day, characters.slice(half));
      return;
    }
    addResultRows(totals, rows);
  }

  private async run(
    logGroupNames: readonly string[],
    day: string,
    lastCharacters: string | undefined,
  ): Promise<ResultField[][]> {
    const start = Date.parse(`${day}T00:00:00Z`);
    const { queryId } = await this.options.client.send(
      new StartQueryCommand({
        logGroupNames: [...logGroupNames],
        startTime: start / 1000,
        endTime: (start + dayMs) / 1000,
        queryString: consumptionQuery(day, lastCharacters),
        limit: maxResultRows,
      }),
    );
    if (queryId === undefined) throw new QueryFailedError('StartQuery returned no query id');
    const deadline = Date.now() + this.maxWaitMs;
    for (;;) {
      const result = await this.options.client.send(new GetQueryResultsCommand({ queryId }));
      if (result.status === 'Complete') return result.results ?? [];
      if (result.status !== 'Scheduled' && result.status !== 'Running') {
        throw new QueryFailedError(`Logs Insights query ${queryId} ended ${result.status}`);
      }
      if (Date.now() > deadline) {
        throw new QueryFailedError(
          `Logs Insights query ${queryId} still running after ${this.maxWaitMs} ms`,
        );
      }
      await this.sleep(this.pollIntervalMs);
    }
  }
}
