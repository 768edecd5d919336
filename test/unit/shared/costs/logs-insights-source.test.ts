/**
 * The AWS cost source: the Logs Insights query it sends for a day, and how it turns the results of
 * every batch of log groups into one total per tenant (aws-sdk-client-mock: no emulator plays Logs).
 */
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  consumptionQuery,
  LogsInsightsCostSource,
  maxResultRows,
  QueryFailedError,
} from '#shared/costs/logs-insights-source.ts';

const logs = mockClient(CloudWatchLogsClient);
afterEach(() => logs.reset());

const tenantA = '01JA0000000000000000000000';
const tenantB = '01JB0000000000000000000001';

function row(
  tenantId: string,
  consumer: 'request' | 'job',
  figures: { invocations: number; readUnits: number; writeUnits: number; gbSeconds: number },
): ResultField[] {
  return [
    { field: 'tenantId', value: tenantId },
    { field: 'consumer', value: consumer },
    ...Object.entries(figures).map(([field, value]) => ({ field, value: String(value) })),
  ];
}

function source(): LogsInsightsCostSource {
  return new LogsInsightsCostSource({
    client: new CloudWatchLogsClient({ region: 'us-east-1' }),
    logGroupPrefix: 'TenantKitDev-',
    pollIntervalMs: 0,
    sleep: async () => undefined,
  });
}

describe('consumptionQuery', () => {
  it('sums units and GB-seconds of one UTC day by tenant and consumer', () => {
    // Act
    const query = consumptionQuery('2026-12-03');

    // Assess
    expect(query).toContain('@timestamp < 1796342400000');
    expect(query).toContain('sum(DynamoReadUnits) as readUnits');
    expect(query).toContain('sum(DynamoWriteUnits) as writeUnits');
    expect(query).toContain('sum(ComputeGbSeconds) as gbSeconds');
    expect(query).toContain('by tenantId, consumer');
    expect(query).not.toContain('like');
  });
});

describe('LogsInsightsCostSource', () => {
  it('queries the stack’s log groups 50 at a time and sums each tenant over batches and consumers', async () => {
    // Prepare: 60 log groups over two pages, two queries, the first still running at first
    const names = Array.from({ length: 60 }, (_, index) => `TenantKitDev-Fn${index}`);
    logs
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({
        logGroups: names.slice(0, 40).map((logGroupName) => ({ logGroupName })),
        nextToken: 'more',
      })
      .resolvesOnce({ logGroups: names.slice(40).map((logGroupName) => ({ logGroupName })) });
    logs.on(StartQueryCommand).resolvesOnce({ queryId: 'q1' }).resolvesOnce({ queryId: 'q2' });
    logs
      .on(GetQueryResultsCommand, { queryId: 'q1' })
      .resolvesOnce({ status: 'Running' })
      .resolves({
        status: 'Complete',
        results: [
          row(tenantA, 'request', { invocations: 10, readUnits: 5, writeUnits: 2, gbSeconds: 0.5 }),
          row(tenantA, 'job', { invocations: 1, readUnits: 100, writeUnits: 50, gbSeconds: 3 }),
        ],
      });
    logs.on(GetQueryResultsCommand, { queryId: 'q2' }).resolves({
      status: 'Complete',
      results: [
        row(tenantA, 'request', { invocations: 2, readUnits: 1, writeUnits: 1, gbSeconds: 0.25 }),
        row(tenantB, 'request', { invocations: 3, readUnits: 1.5, writeUnits: 0, gbSeconds: 0.1 }),
      ],
    });

    // Act
    const totals = await source().dailyConsumption('2026-12-03');

    // Assess
    expect(totals.get(tenantA)).toEqual({
      requests: 12,
      jobs: 1,
      readUnits: 106,
      writeUnits: 53,
      gbSeconds: 3.75,
    });
    expect(totals.get(tenantB)).toEqual({
      requests: 3,
      jobs: 0,
      readUnits: 1.5,
      writeUnits: 0,
      gbSeconds: 0.1,
    });
    const starts = logs.commandCalls(StartQueryCommand).map((call) => call.args[0].input);
    expect(starts.map((input) => input.logGroupNames)).toEqual([
      names.slice(0, 50),
      names.slice(50),
    ]);
    expect(starts[0]).toMatchObject({ startTime: 1796256000, endTime: 1796342400 });
    expect(logs.commandCalls(DescribeLogGroupsCommand)[0]?.args[0].input).toMatchObject({
      logGroupNamePrefix: 'TenantKitDev-',
    });
  });

  it('splits a query whose result fills the row limit by the tenant id’s last character', async () => {
    // Prepare: the whole-day query comes back full; its two halves do not
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: 'TenantKitDev-Fn' }] });
    logs
      .on(StartQueryCommand)
      .resolvesOnce({ queryId: 'full' })
      .resolvesOnce({ queryId: 'low' })
      .resolvesOnce({ queryId: 'high' });
    const full = Array.from({ length: maxResultRows }, () =>
      row(tenantA, 'request', { invocations: 1, readUnits: 1, writeUnits: 1, gbSeconds: 1 }),
    );
    logs
      .on(GetQueryResultsCommand, { queryId: 'full' })
      .resolves({ status: 'Complete', results: full });
    logs.on(GetQueryResultsCommand, { queryId: 'low' }).resolves({
      status: 'Complete',
      results: [
        row(tenantA, 'request', { invocations: 4, readUnits: 2, writeUnits: 1, gbSeconds: 1 }),
      ],
    });
    logs.on(GetQueryResultsCommand, { queryId: 'high' }).resolves({
      status: 'Complete',
      results: [row(tenantB, 'job', { invocations: 1, readUnits: 8, writeUnits: 4, gbSeconds: 2 })],
    });

    // Act
    const totals = await source().dailyConsumption('2026-12-03');

    // Assess: the full result is not counted; the halves are, once each
    expect(totals.get(tenantA)?.requests).toBe(4);
    expect(totals.get(tenantB)?.jobs).toBe(1);
    const queries = logs
      .commandCalls(StartQueryCommand)
      .map((call) => call.args[0].input.queryString ?? '');
    expect(queries[1]).toContain('tenantId like /[0123456789ABCDEF]$/');
    expect(queries[2]).toContain('tenantId like /[GHJKMNPQRSTVWXYZ]$/');
  });

  it('fails the rollup when a query fails, rather than price a day from part of it', async () => {
    // Prepare
    logs
      .on(DescribeLogGroupsCommand)
      .resolves({ logGroups: [{ logGroupName: 'TenantKitDev-Fn' }] });
    logs.on(StartQueryCommand).resolves({ queryId: 'q' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed' });

    // Act
    const outcome = source().dailyConsumption('2026-12-03');

    // Assess
    await expect(outcome).rejects.toThrow(QueryFailedError);
  });
});
