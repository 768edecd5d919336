/**
 * Measures one function against its bare handler, in the same run and on the same emulators, taking
 * turns: first the cold starts (a fresh process per run, route then bare handler, each bare run
 * replaying the calls the route's run just sent), then the warm runs (one process each, a turn of
 * invocations each; the bare handler's turn replays the route's). The bare handler is generated
 * from the calls the route makes, and grows if a later request makes a new one.
 */
import { randomUUID } from 'node:crypto';
import { functionNodeOptions } from '#lib/common/bundling.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, buildBareHandler } from './build.ts';
import { type BenchSizes, functionMemoryMb } from './config.ts';
import type { Invocation } from './driver.ts';
import { apiEvent, authorizerEvent } from './events.ts';
import { startDriver } from './processes.ts';
import { type BareCall, bareCall, capacityOf, serviceOf } from './replay.ts';
import { newUserSwap, type Prepared, type RouteRequest } from './requests.ts';
import { mean } from './stats.ts';
import type { World } from './world.ts';

/** Everything measured of one function; the report and the cost estimate derive the rest. */
export interface FunctionResult {
  readonly id: string;
  readonly label: string;
  readonly what: string;
  readonly generic: boolean;
  readonly auth: 'public' | 'tenant' | 'operator' | 'authorizer';
  readonly bundle: Bundle['stats'];
  readonly bareBundle: Bundle['stats'];
  /** Load plus first invocation of each fresh process, in ms. */
  readonly cold: { readonly route: readonly number[]; readonly bare: readonly number[] };
  readonly warm: {
    readonly routeMs: readonly number[];
    readonly routeCpuMs: readonly number[];
    readonly bareMs: readonly number[];
  };
  readonly maxRssBytes: number;
  readonly logBytesPerInvocation: number;
  /** Per request: AWS calls by service, the DynamoDB operations of one, and capacity units. */
  readonly callsByService: Readonly<Record<string, number>>;
  readonly dynamodbOperations: readonly string[];
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly routeStatuses: Readonly<Record<string, number>>;
  readonly bareStatuses: Readonly<Record<string, number>>;
  /** What went wrong, in words; an honest figure has none. */
  readonly issues: readonly string[];
  /** The last warm request, for the gateway load (path, token, calls). */
  readonly sample: { readonly prepared: Prepared; readonly calls: Invocation['calls'] };
}

export interface Measurement {
  readonly world: World;
  readonly driver: string;
  readonly sizes: BenchSizes;
  /** Runs the empty handler's cold start once more; `emptyColdRuns` times for this function. */
  readonly emptyColdRun: () => Promise<void>;
  readonly emptyColdRuns: number;
}

const count = (into: Record<string, number>, key: string | number): void => {
  into[key] = (into[key] ?? 0) + 1;
};

export async function measureFunction(
  id: string,
  bundle: Bundle,
  request: RouteRequest,
  { world, driver, sizes, emptyColdRun, emptyColdRuns }: Measurement,
): Promise<FunctionResult> {
  const route = (routes as Readonly<Record<string, RouteDefinition>>)[id];
  const env = (table: string): Record<string, string> => ({
    ...world.functionEnv(table),
    NODE_OPTIONS: functionNodeOptions,
    AWS_LAMBDA_FUNCTION_NAME: id,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionMemoryMb),
  });
  let index = 0;
  const next = async (): Promise<{ prepared: Prepared; event: unknown }> => {
    const prepared = await request.prepare(index++);
    const requestId = randomUUID();
    const event =
      route === undefined
        ? authorizerEvent(routes.getMe, prepared.caller?.token ?? '', requestId)
        : apiEvent(route, prepared.spec, requestId, prepared.caller);
    return { prepared, event };
  };
  const issues = new Set<string>();
  const unreplayed = new Set<string>();
  const bareCalls = (prepared: Prepared, invocation: Invocation): BareCall[] =>
    invocation.calls.flatMap((call) => {
      const replay = bareCall(call, {
        fromTable: world.routeTable,
        toTable: world.baseTable,
        cognitoSwaps: [newUserSwap, ...(prepared.cognitoSwaps ?? [])],
      });
      if (replay === undefined) unreplayed.add(call.target);
      return replay === undefined ? [] : [replay];
    });
  const bareEvent = (prepared: Prepared, invocation: Invocation, capacity = false) => ({
    calls: bareCalls(prepared, invocation),
    token: prepared.caller?.token,
    capacity,
  });
  const operations = new Set<string>();
  let bare: Bundle | undefined;
  /** The bare handler, rebuilt when `invocation` made a call it cannot make yet. */
  const bareFor = async (calls: readonly BareCall[]): Promise<Bundle> => {
    const before = operations.size;
    for (const call of calls) operations.add(`${call.service} ${call.operation}`);
    if (bare === undefined || operations.size > before)
      bare = await buildBareHandler(id, [...operations], request.bare ?? []);
    return bare;
  };
  const routeStatuses: Record<string, number> = {};
  const bareStatuses: Record<string, number> = {};

  const cold = { route: [] as number[], bare: [] as number[] };
  for (let run = 0; run < sizes.coldRuns; run++) {
    const { prepared, event } = await next();
    const routeDriver = await startDriver(driver, bundle.file, id, env(world.routeTable));
    const [routeRun] = await routeDriver.run([event]);
    await routeDriver.finish();
    if (routeRun === undefined) throw new Error(`${id}: no cold run`);
    count(routeStatuses, routeRun.status);
    cold.route.push(routeDriver.loadMs + routeRun.wallMs);
    const replay = bareEvent(prepared, routeRun);
    const bareDriver = await startDriver(
      driver,
      (await bareFor(replay.calls)).file,
      `${id}-bare`,
      env(world.baseTable),
    );
    const [bareRun] = await bareDriver.run([replay]);
    await bareDriver.finish();
    if (bareRun === undefined) throw new Error(`${id}: no cold run of the bare handler`);
    count(bareStatuses, bareRun.status);
    cold.bare.push(bareDriver.loadMs + bareRun.wallMs);
    if (run < emptyColdRuns) await emptyColdRun();
  }

  const routeDriver = await startDriver(driver, bundle.file, id, env(world.routeTable));
  const bareDriver = await startDriver(
    driver,
    (bare ?? (await bareFor([]))).file,
    `${id}-bare`,
    env(world.baseTable),
  );
  const warm = { routeMs: [] as number[], routeCpuMs: [] as number[], bareMs: [] as number[] };
  const calls: Record<string, number>[] = [];
  const units: { read: number; write: number }[] = [];
  let dynamodbOperations: string[] = [];
  let sample: FunctionResult['sample'] | undefined;
  // The first turn is the untimed warm-up; the bare handler also reports its capacity in it.
  for (
    let done = 0, size = sizes.warmUp;
    done < sizes.warmUp + sizes.warmRuns;
    done += size, size = sizes.turn
  ) {
    const timed = done >= sizes.warmUp;
    const requests: { prepared: Prepared; event: unknown }[] = [];
    for (let n = 0; n < Math.min(size, sizes.warmUp + sizes.warmRuns - done); n++)
      requests.push(await next());
    const routeRuns = await routeDriver.run(requests.map(({ event }) => event));
    const replays = routeRuns.map((invocation, n) =>
      bareEvent(requests[n]?.prepared ?? { spec: {} }, invocation, !timed),
    );
    if (
      replays.some((replay) =>
        replay.calls.some((call) => !operations.has(`${call.service} ${call.operation}`)),
      )
    ) {
      issues.add(
        'the warm requests made calls the cold ones did not: the bare handler cannot replay them',
      );
    }
    const bareRuns = await bareDriver.run(replays, !timed);
    for (const [n, invocation] of routeRuns.entries()) {
      count(routeStatuses, invocation.status);
      const bareRun = bareRuns[n];
      if (bareRun) count(bareStatuses, bareRun.status);
      if (!timed) {
        const consumed = JSON.parse(bareRun?.body ?? '[]') as Parameters<typeof capacityOf>[1][];
        const dynamoCalls = (replays[n]?.calls ?? []).filter((call) => call.service === 'dynamodb');
        units.push(
          dynamoCalls.reduce(
            (sum, call, position) => {
              const { read, write } = capacityOf(call, consumed[position]);
              return { read: sum.read + read, write: sum.write + write };
            },
            { read: 0, write: 0 },
          ),
        );
        continue;
      }
      warm.routeMs.push(invocation.wallMs);
      warm.routeCpuMs.push(invocation.cpuMs);
      warm.bareMs.push(bareRun?.wallMs ?? Number.NaN);
      const byService: Record<string, number> = {};
      for (const call of invocation.calls) count(byService, serviceOf(call.target) ?? call.target);
      calls.push(byService);
      dynamodbOperations = invocation.calls
        .filter((call) => call.target.startsWith('DynamoDB'))
        .map((call) => call.target.split('.')[1] ?? '');
      sample = { prepared: requests[n]?.prepared ?? { spec: {} }, calls: invocation.calls };
    }
  }
  const [routeEnd] = await Promise.all([routeDriver.finish(), bareDriver.finish()]);

  for (const target of unreplayed) issues.add(`the bare handler cannot make ${target}`);
  const unexpected = Object.keys(routeStatuses).filter(
    (status) => request.expect !== undefined && Number(status) !== request.expect,
  );
  if (unexpected.length > 0)
    issues.add(
      `answered ${unexpected.map((s) => `${routeStatuses[s]}× ${s}`).join(', ')}, not ${request.expect}`,
    );
  const bareFailures = Object.keys(bareStatuses).filter((status) => status !== '200');
  if (bareFailures.length > 0)
    issues.add(
      `bare handler failed ${bareFailures.map((s) => `${bareStatuses[s]}× ${s}`).join(', ')}`,
    );
  const services = [...new Set(calls.flatMap((byService) => Object.keys(byService)))];
  return {
    id,
    label: route ? `${route.method} ${route.path}` : 'authorizer',
    what: request.what,
    generic: request.expect === undefined,
    auth: route?.auth ?? 'authorizer',
    bundle: bundle.stats,
    bareBundle: (bare ?? (await bareFor([]))).stats,
    cold,
    warm,
    maxRssBytes: routeEnd.maxRssBytes,
    logBytesPerInvocation: routeEnd.logBytes / (sizes.warmUp + sizes.warmRuns),
    callsByService: Object.fromEntries(
      services.map((service) => [service, mean(calls.map((byService) => byService[service] ?? 0))]),
    ),
    dynamodbOperations,
    readUnits: mean(units.map((unit) => unit.read)),
    writeUnits: mean(units.map((unit) => unit.write)),
    routeStatuses,
    bareStatuses,
    issues: [...issues],
    sample: sample ?? { prepared: { spec: {} }, calls: [] },
  };
}
