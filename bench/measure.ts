/**
 * Measures one function against its bare handler, in the same run and on the same emulators, taking
 * turns: first the cold starts (a fresh process each: the function, its bare handler replaying the
 * calls the function just sent, then each variant), then the warm runs (one process each, a turn of
 * invocations each). The bare handler is generated from the calls the function makes, and grows if
 * a later request makes a new one. A variant is the function changed in one respect (built without
 * Tracer and Metrics, or run with the limiter off), measured alike to price that respect.
 */
import { randomUUID } from 'node:crypto';
import { functionNodeOptions } from '#lib/common/bundling.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, type BundleStats, buildBareHandler } from './build.ts';
import { type BenchSizes, functionMemoryMb } from './config.ts';
import type { Invocation } from './driver.ts';
import { apiEvent, authorizerEvent } from './events.ts';
import { type Driver, startDriver } from './processes.ts';
import { type BareCall, bareCall, serviceOf, unitsOf } from './replay.ts';
import { newUserSwap, type Prepared, type SeededRequest } from './requests.ts';
import { mean } from './stats.ts';
import type { World } from './world.ts';

/** The function changed in one respect: another bundle, or more environment. */
export interface Variant {
  readonly label: string;
  readonly bundle: Bundle;
  readonly env?: Readonly<Record<string, string>>;
  /** Measured warm only: a switch read per request costs nothing at load. */
  readonly warmOnly?: boolean;
}

export interface VariantResult {
  readonly label: string;
  readonly bundle: BundleStats;
  readonly coldMs: readonly number[];
  readonly warmMs: readonly number[];
}

/** Everything measured of one function; the report and the cost estimate derive the rest. */
export interface FunctionResult {
  readonly id: string;
  readonly label: string;
  readonly generic: boolean;
  readonly auth: 'public' | 'tenant' | 'operator' | 'authorizer';
  readonly bundle: BundleStats;
  readonly bareBundle: BundleStats;
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
  readonly statuses: Readonly<Record<string, number>>;
  /** What went wrong, in words; an honest figure has none. */
  readonly issues: readonly string[];
  readonly variants: readonly VariantResult[];
  /** The last warm request, for the gateway load. */
  readonly sample: Prepared;
}

export interface Measurement {
  readonly world: World;
  readonly driver: string;
  readonly sizes: BenchSizes;
  readonly variants: readonly Variant[];
}

const count = (into: Record<string, number>, key: string | number): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/** One fresh process: load plus first invocation, in ms. */
async function coldRun(
  start: () => Promise<Driver>,
  event: unknown,
): Promise<{ ms: number; run: Invocation }> {
  const driver = await start();
  const [run] = await driver.run([event]);
  await driver.finish();
  if (run === undefined) throw new Error('A cold run answered nothing');
  return { ms: driver.loadMs + run.wallMs, run };
}

/** The empty handler: cold starts in fresh processes, then warm invocations in one. */
export async function measureEmpty(
  driver: string,
  empty: Bundle,
  env: Readonly<Record<string, string>>,
  sizes: BenchSizes,
): Promise<{ coldMs: number[]; warmMs: number[] }> {
  const start = () => startDriver(driver, empty.file, 'empty', env);
  const coldMs: number[] = [];
  for (let n = 0; n < sizes.coldRuns; n++) coldMs.push((await coldRun(start, {})).ms);
  const warm = await start();
  const runs = await warm.run(Array.from({ length: sizes.warmUp + sizes.warmRuns }, () => ({})));
  await warm.finish();
  return { coldMs, warmMs: runs.slice(sizes.warmUp).map((run) => run.wallMs) };
}

export async function measureFunction(
  id: string,
  bundle: Bundle,
  request: SeededRequest,
  { world, driver, sizes, variants }: Measurement,
): Promise<FunctionResult> {
  const route = (routes as Readonly<Record<string, RouteDefinition>>)[id];
  const start = (file: string, table: string, env: Readonly<Record<string, string>> = {}) =>
    startDriver(driver, file, id, {
      ...world.functionEnv(table),
      NODE_OPTIONS: functionNodeOptions,
      AWS_LAMBDA_FUNCTION_NAME: id,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionMemoryMb),
      ...env,
    });
  const next = async (): Promise<{ prepared: Prepared; event: unknown }> => {
    const prepared = await request.next();
    const event =
      route === undefined
        ? authorizerEvent(routes.getMe, prepared.caller?.token ?? '', randomUUID())
        : apiEvent(route, prepared.spec, randomUUID(), prepared.caller);
    return { prepared, event };
  };
  const issues = new Set<string>();
  const statuses: Record<string, number> = {};
  const bareStatuses: Record<string, number> = {};
  const replay = (prepared: Prepared, invocation: Invocation, capacity = false) => ({
    calls: invocation.calls.flatMap((call) => {
      const bare = bareCall(call, {
        fromTable: world.routeTable,
        toTable: world.baseTable,
        cognitoSwaps: [newUserSwap, ...(prepared.cognitoSwaps ?? [])],
      });
      if (bare === undefined) issues.add(`the bare handler cannot make ${call.target}`);
      return bare === undefined ? [] : [bare];
    }),
    token: prepared.caller?.token,
    capacity,
  });
  const operations = new Set<string>();
  let bare: Bundle | undefined;
  /** The bare handler, rebuilt when `calls` hold one it cannot make yet. */
  const bareFor = async (calls: readonly BareCall[]): Promise<Bundle> => {
    const before = operations.size;
    for (const call of calls) operations.add(`${call.service} ${call.operation}`);
    if (bare === undefined || operations.size > before)
      bare = await buildBareHandler(id, [...operations], request.bare ?? []);
    return bare;
  };

  const cold = { route: [] as number[], bare: [] as number[] };
  const variantCold = variants.map((): number[] => []);
  for (let n = 0; n < sizes.coldRuns; n++) {
    const { prepared, event } = await next();
    const routeRun = await coldRun(() => start(bundle.file, world.routeTable), event);
    count(statuses, routeRun.run.status);
    cold.route.push(routeRun.ms);
    const bareEvent = replay(prepared, routeRun.run);
    const bareFile = (await bareFor(bareEvent.calls)).file;
    const bareRun = await coldRun(() => start(bareFile, world.baseTable), bareEvent);
    count(bareStatuses, bareRun.run.status);
    cold.bare.push(bareRun.ms);
    for (const [v, variant] of variants.entries()) {
      if (variant.warmOnly) continue;
      const { event: variantEvent } = await next();
      const startVariant = () => start(variant.bundle.file, world.routeTable, variant.env);
      variantCold[v]?.push((await coldRun(startVariant, variantEvent)).ms);
    }
  }

  const routeDriver = await start(bundle.file, world.routeTable);
  const bareDriver = await start((bare ?? (await bareFor([]))).file, world.baseTable);
  const variantDrivers = await Promise.all(
    variants.map((variant) => start(variant.bundle.file, world.routeTable, variant.env)),
  );
  const variantWarm = variants.map((): number[] => []);
  const warm = { routeMs: [] as number[], routeCpuMs: [] as number[], bareMs: [] as number[] };
  const calls: Record<string, number>[] = [];
  const units: { read: number; write: number }[] = [];
  let dynamodbOperations: string[] = [];
  let sample: Prepared = { spec: {} };
  const total = sizes.warmUp + Math.min(sizes.warmRuns, request.warmRuns ?? sizes.warmRuns);
  // The first turn is the untimed warm-up; the bare handler also reports its capacity in it.
  for (let done = 0, size = sizes.warmUp; done < total; done += size, size = sizes.turn) {
    const timed = done >= sizes.warmUp;
    const requests: { prepared: Prepared; event: unknown }[] = [];
    for (let n = 0; n < Math.min(size, total - done); n++) requests.push(await next());
    const routeRuns = await routeDriver.run(requests.map(({ event }) => event));
    const replays = routeRuns.map((run, n) =>
      replay(requests[n]?.prepared ?? { spec: {} }, run, !timed),
    );
    if (replays.some((r) => r.calls.some((c) => !operations.has(`${c.service} ${c.operation}`))))
      issues.add('the warm requests made calls the cold ones did not: the bare handler lacks them');
    const bareRuns = await bareDriver.run(replays, !timed);
    for (const [v, variantDriver] of variantDrivers.entries()) {
      const variantEvents: unknown[] = [];
      for (let n = 0; n < requests.length; n++) variantEvents.push((await next()).event);
      const runs = await variantDriver.run(variantEvents);
      if (timed) variantWarm[v]?.push(...runs.map((run) => run.wallMs));
    }
    for (const [n, run] of routeRuns.entries()) {
      const bareRun = bareRuns[n];
      count(statuses, run.status);
      count(bareStatuses, bareRun?.status ?? 'none');
      if (!timed) {
        units.push(unitsOf(replays[n]?.calls ?? [], JSON.parse(bareRun?.body ?? '[]')));
        continue;
      }
      warm.routeMs.push(run.wallMs);
      warm.routeCpuMs.push(run.cpuMs);
      warm.bareMs.push(bareRun?.wallMs ?? Number.NaN);
      const byService: Record<string, number> = {};
      for (const call of run.calls) count(byService, serviceOf(call.target) ?? call.target);
      calls.push(byService);
      dynamodbOperations = run.calls
        .filter((call) => call.target.startsWith('DynamoDB'))
        .map((call) => call.target.split('.')[1] ?? '');
      sample = requests[n]?.prepared ?? sample;
    }
  }
  const [routeEnd] = await Promise.all(
    [routeDriver, bareDriver, ...variantDrivers].map((running) => running.finish()),
  );

  const tally = (of: Record<string, number>, ok: (status: string) => boolean) =>
    Object.keys(of)
      .filter((status) => !ok(status))
      .map((status) => `${of[status]}× ${status}`)
      .join(', ');
  const expected = (status: string) =>
    request.expect === undefined || Number(status) === request.expect;
  if (tally(statuses, expected))
    issues.add(`answered ${tally(statuses, expected)}, not ${request.expect}`);
  if (tally(bareStatuses, (s) => s === '200'))
    issues.add(`bare handler failed ${tally(bareStatuses, (s) => s === '200')}`);
  const services = [...new Set(calls.flatMap((byService) => Object.keys(byService)))];
  return {
    id,
    label: route ? `${route.method} ${route.path}` : 'authorizer',
    generic: request.expect === undefined,
    auth: route?.auth ?? 'authorizer',
    bundle: bundle.stats,
    bareBundle: (bare ?? (await bareFor([]))).stats,
    cold,
    warm,
    maxRssBytes: routeEnd?.maxRssBytes ?? Number.NaN,
    logBytesPerInvocation: (routeEnd?.logBytes ?? 0) / total,
    callsByService: Object.fromEntries(
      services.map((service) => [service, mean(calls.map((byService) => byService[service] ?? 0))]),
    ),
    dynamodbOperations,
    readUnits: mean(units.map((unit) => unit.read)),
    writeUnits: mean(units.map((unit) => unit.write)),
    statuses,
    issues: [...issues],
    variants: variants.map((variant, v) => ({
      label: variant.label,
      bundle: variant.bundle.stats,
      coldMs: variantCold[v] ?? [],
      warmMs: variantWarm[v] ?? [],
    })),
    sample,
  };
}
