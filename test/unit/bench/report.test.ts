/**
 * The report judges each goal of issue 15 per route, says what Tracer, Metrics and the limiter cost,
 * names the routes that ran a generic request, and prices them.
 */
import { describe, expect, it } from 'vitest';
import { functionCost, lambdaMs, routeCost } from '#bench/cost.ts';
import type { FunctionResult } from '#bench/measure.ts';
import { type BenchResults, goalFigures, renderReport } from '#bench/report.ts';

const runs = (totalMs: number, count = 15): number[] =>
  Array.from({ length: count }, () => totalMs);

function result(changes: Partial<FunctionResult> = {}): FunctionResult {
  return {
    id: 'getProject',
    label: 'GET /v1/projects/{id}',
    generic: false,
    auth: 'tenant',
    bundle: { bytes: 400_000, gzipBytes: 130_000 },
    bareBundle: { bytes: 330_000, gzipBytes: 100_000 },
    cold: { route: runs(72), bare: runs(60) },
    warm: { routeMs: [1.6, 1.7, 1.8], routeCpuMs: [0.5, 0.5, 0.5], bareMs: [1.4, 1.5, 1.6] },
    maxRssBytes: 100 * 2 ** 20,
    logBytesPerInvocation: 300,
    callsByService: { dynamodb: 1 },
    dynamodbOperations: ['GetItem'],
    readUnits: 0.5,
    writeUnits: 0,
    statuses: { 200: 18 },
    issues: [],
    variants: [],
    sample: { spec: {} },
    seconds: { cold: 6, warm: 2 },
    ...changes,
  };
}

describe('the goals, route by route', () => {
  it('meets them when cold is within 1.3× of 15 runs, warm p50 within 1 ms and RSS within 75 %', () => {
    const goal = goalFigures(result(), 256);

    expect(goal).toMatchObject({ coldMet: true, warmMet: true, rssMet: true });
    expect(goal.coldRatio).toBeCloseTo(1.2);
    expect(goal.warmDeltaMs).toBeCloseTo(0.2);
  });

  it('misses the cold goal past 1.3×, or with fewer than 15 fresh processes', () => {
    expect(goalFigures(result({ cold: { route: runs(80), bare: runs(60) } }), 256).coldMet).toBe(
      false,
    );
    expect(
      goalFigures(result({ cold: { route: runs(72, 5), bare: runs(60, 5) } }), 256).coldMet,
    ).toBe(false);
  });

  it('misses the warm goal more than 1 ms over the bare p50, and the memory goal past 75 %', () => {
    const slow = result({
      warm: { routeMs: [2.6, 2.7], routeCpuMs: [1, 1], bareMs: [1.5, 1.6] },
      maxRssBytes: 200 * 2 ** 20,
    });

    expect(goalFigures(slow, 256)).toMatchObject({ warmMet: false, rssMet: false });
  });
});

describe('the report', () => {
  const results = (functions: FunctionResult[]): BenchResults => ({
    meta: {
      date: '2026-12-04T07:00:00.000Z',
      command: 'npm run bench',
      quick: false,
      commit: 'abc1234',
      seconds: 300,
      machine: 'Node v20, 2 × CPU',
      load: [3, 4],
      coldRuns: 15,
      warmRuns: 300,
      memoryMb: 256,
    },
    empty: { coldMs: [2, 2, 2], warmMs: [0.01, 0.01] },
    functions,
    gateway: [],
  });

  it('names the routes that ran a generic request, with the statuses they answered', () => {
    const report = renderReport(
      results([result(), result({ id: 'listTasks', generic: true, statuses: { 404: 18 } })]),
    );

    expect(report).toContain(
      'Measured with a generic request (no entry in `bench/requests.ts`, so they answer an error): `listTasks` (404).',
    );
    expect(report).toContain(
      '- **Warm p50 within 1 ms of the bare handler**: **met by all 2** functions.',
    );
  });

  it('names each function that misses a goal, with its figure', () => {
    const slow = result({ id: 'listAudit', cold: { route: runs(90), bare: runs(60) } });

    const report = renderReport(results([result(), slow]));

    expect(report).toContain('**met by 1 of 2**; missed by `listAudit` 1.50×.');
  });

  it('says what Tracer and Metrics, and the limiter, add to a function', () => {
    const measured = result({
      variants: [
        {
          label: 'without Tracer and Metrics',
          bundle: { bytes: 300_000, gzipBytes: 1 },
          coldMs: runs(62),
          warmMs: [1.2, 1.3, 1.4],
        },
        {
          label: 'without the limiter',
          bundle: { bytes: 400_000, gzipBytes: 1 },
          coldMs: [],
          warmMs: [1.0, 1.1, 1.2],
        },
      ],
    });

    const report = renderReport(results([measured]));

    expect(report).toContain(
      '`getProject`: Tracer and Metrics +10.00 ms cold, +0.40 ms warm p50, 98 KB of bundle; the limiter +0.60 ms warm p50',
    );
  });

  it('lists each function’s issues', () => {
    const report = renderReport(results([result({ issues: ['answered 3× 500, not 200'] })]));

    expect(report).toContain('- `getProject`: answered 3× 500, not 200');
  });
});

describe('the cost of a request', () => {
  it('stretches CPU time to the memory’s share of a vCPU, never waiting time', () => {
    expect(lambdaMs(10, 2, 1769)).toBe(10);
    expect(lambdaMs(10, 2, 256)).toBeCloseTo(10 + 2 * (1769 / 256 - 1));
  });

  it('adds the authorizer on the tenth of requests that miss its cache', () => {
    const input = {
      memoryMb: 256,
      warmMs: [2],
      warmCpuMs: [1],
      coldMs: 80,
      logBytesPerInvocation: 0,
      readUnits: 1,
      writeUnits: 0,
      sqsCalls: 0,
    };

    const withAuthorizer = routeCost(input, input);
    const without = routeCost(input, undefined);

    expect(withAuthorizer - without).toBeCloseTo(0.1 * functionCost(input), 6);
  });
});
