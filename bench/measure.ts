/**
 * Measures one function against its bare handler, in the same run and on the same emulators, taking
 * turns. Cold: the processes of every round boot at once while the requests are seeded; then each
 * round times the function's load and first invocation, then its bare handler's replaying the calls
 * the function just sent. The last round's processes go on warm: an untimed turn (in which the bare
 * handler also reports the capacity its calls consumed), then timed turns. A variant is the
 * function changed in one respect (built without Tracer and Metrics, or run with the limiter off),
 * measured alike.
 */
import { randomUUID } from 'node:crypto';
import { functionNodeOptions } from '#lib/common/bundling.ts';
import { routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, type BundleStats, bareHandler } from './build.ts';
import type { Invocation } from './driver.ts';
import { apiEvent, authorizerEvent } from './events.ts';
import { bootDriver, type Driver } from './processes.ts';
import { type BareCall, bareCall, serviceOf, unitsOf } from './replay.ts';
import { newUserSwap, type Prepared, type SeededRequest } from './requests.ts';
import { mean } from './stats.ts';
import type { World } from './world.ts';

/**
 * Lambda memory of every route function: ServiceFunction's default (lib/common/service-function.ts),
 * which no route overrides.
 */
export const functionMemoryMb = 256;

export interface Sizes {
  /** Fresh processes per function, bare handler and variant (the goal's median needs ≥ 15). */
  readonly coldRuns: number;
  /** Untimed warm invocations (JIT, connections, capacity report), then the timed ones. */
  readonly warmUp: number;
  readonly warmRuns: number;
  /** Invocations per turn while a function, its bare handler and its variants take turns. */
  readonly turn: number;
}

/** What one run shares between functions. */
export interface Bench {
  readonly world: World;
  readonly driver: string;
  readonly sizes: Sizes;
  /** Cold starts of each bare handler, by its file and the operations it replayed in order. */
  readonly bareColds: Map<string, number[]>;
}

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
  /** Wall time of its cold rounds and of its warm turns. */
  readonly seconds: { readonly cold: number; readonly warm: number };
}

interface BareEvent {
  readonly calls: readonly BareCall[];
  readonly token?: string | undefined;
  readonly capacity: boolean;
}

const count = (into: Record<string, number>, key: string | number): void => {
  into[key] = (into[key] ?? 0) + 1;
};

/** Loads `file` in a booted process and invokes it once: the cold start, in ms. */
async function coldRun(
  driver: Driver,
  file: string,
  event: unknown,
): Promise<{ ms: number; run: Invocation }> {
  const loadMs = await driver.load(file);
  const [run] = await driver.run([event]);
  if (run === undefined) throw new Error('A cold run answered nothing');
  return { ms: loadMs + run.wallMs, run };
}

const envOf = (bench: Bench, name: string, table: string, more = {}): Record<string, string> => ({
  ...bench.world.functionEnv(table),
  NODE_OPTIONS: functionNodeOptions,
  AWS_LAMBDA_FUNCTION_NAME: name,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functionMemoryMb),
  ...more,
});

/** The empty handler (the bare handler of no calls): cold starts, then warm invocations. */
export async function measureEmpty(bench: Bench): Promise<{ coldMs: number[]; warmMs: number[] }> {
  const { file } = await bareHandler([]);
  const { coldRuns, warmUp, warmRuns } = bench.sizes;
  const env = envOf(bench, 'empty', bench.world.baseTable);
  const drivers = await Promise.all(
    Array.from({ length: coldRuns }, () => bootDriver(bench.driver, 'empty', env)),
  );
  const coldMs: number[] = [];
  const event = { calls: [] };
  for (const driver of drivers.slice(0, -1)) {
    coldMs.push((await coldRun(driver, file, event)).ms);
    await driver.stop();
  }
  const last = drivers[coldRuns - 1] as Driver;
  coldMs.push((await coldRun(last, file, event)).ms);
  const runs = await last.run(Array.from({ length: warmUp + warmRuns }, () => event));
  await last.stop();
  bench.bareColds.set(`${file} `, coldMs);
  return { coldMs, warmMs: runs.slice(warmUp).map((run) => run.wallMs) };
}

export async function measureFunction(
  id: string,
  bundle: Bundle,
  request: SeededRequest,
  variants: readonly Variant[],
  bench: Bench,
): Promise<FunctionResult> {
  const { world, sizes } = bench;
  const route = (routes as Readonly<Record<string, RouteDefinition>>)[id];
  const boot = (table: string, env = {}) =>
    bootDriver(bench.driver, id, envOf(bench, id, table, env));
  const eventOf = (prepared: Prepared): unknown =>
    route === undefined
      ? authorizerEvent(routes.getMe, prepared.caller?.token ?? '', randomUUID())
      : apiEvent(route, prepared.spec, randomUUID(), prepared.caller);
  const issues = new Set<string>();
  const statuses: Record<string, number> = {};
  const bareStatuses: Record<string, number> = {};
  const toBare = (prepared: Prepared, invocation: Invocation, capacity = false): BareEvent => ({
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
  const bareFor = (calls: readonly BareCall[]): Promise<Bundle> => {
    for (const call of calls) operations.add(`${call.service} ${call.operation}`);
    return bareHandler([...operations], request.bare);
  };

  // Cold, in rounds: round 0's processes boot while every round's requests are seeded, the other
  // rounds' once round 0 has shown whether the bare handler's cold starts are known already.
  const started = performance.now();
  const cold = { route: [] as number[], bare: [] as number[] };
  const coldVariants = variants.filter((variant) => !variant.warmOnly);
  const variantCold = coldVariants.map((): number[] => []);
  const bootRound = (bare: boolean): Promise<(Driver | undefined)[]> =>
    Promise.all([
      boot(world.routeTable),
      bare ? boot(world.baseTable) : undefined,
      ...coldVariants.map((variant) => boot(world.routeTable, variant.env)),
    ]);
  const [first, prepared] = await Promise.all([
    bootRound(true),
    request.take(sizes.coldRuns * (1 + coldVariants.length)),
  ]);
  const rounds = [first];
  const used = new Map<string, number>();
  let routeDriver: Driver | undefined;
  let bare: Bundle | undefined;
  /** One process that replays, untimed, the rounds whose bare cold start is known; then warm. */
  let bareWarm: { driver: Driver; file: string } | undefined;
  const bareWarmFor = async (file: string): Promise<Driver> => {
    if (bareWarm?.file === file) return bareWarm.driver;
    await bareWarm?.driver.stop();
    const driver = await boot(world.baseTable);
    await driver.load(file);
    bareWarm = { driver, file };
    return driver;
  };
  for (let n = 0; n < sizes.coldRuns; n++) {
    const [own, ...others] = prepared.splice(0, 1 + coldVariants.length) as Prepared[];
    const [routeFresh, bareFresh, ...variantDrivers] = rounds[n] ?? [];
    await routeDriver?.stop();
    routeDriver = routeFresh as Driver;
    const routeRun = await coldRun(routeDriver, bundle.file, eventOf(own as Prepared));
    count(statuses, routeRun.run.status);
    cold.route.push(routeRun.ms);
    const bareEvent = toBare(own as Prepared, routeRun.run);
    bare = await bareFor(bareEvent.calls);
    const key = `${bare.file} ${bareEvent.calls.map((call) => call.operation).join(' ')}`;
    const known = bench.bareColds.get(key) ?? [];
    bench.bareColds.set(key, known);
    const k = used.get(key) ?? 0;
    used.set(key, k + 1);
    if (n === 0)
      rounds.push(
        ...(await Promise.all(
          Array.from({ length: sizes.coldRuns - 1 }, () =>
            bootRound(known.length < sizes.coldRuns),
          ),
        )),
      );
    // A known cold start is this very program making these calls: replayed untimed, so the base
    // table moves on as the route table did.
    const bareRun = known[k]
      ? { ms: known[k], run: (await (await bareWarmFor(bare.file)).run([bareEvent]))[0] }
      : await coldRun(bareFresh ?? (await boot(world.baseTable)), bare.file, bareEvent);
    if (known[k] === undefined) known.push(bareRun.ms);
    count(bareStatuses, bareRun.run?.status ?? 'none');
    cold.bare.push(bareRun.ms);
    await bareFresh?.stop();
    for (const [v, variant] of coldVariants.entries()) {
      const driver = variantDrivers[v] as Driver;
      variantCold[v]?.push(
        (await coldRun(driver, variant.bundle.file, eventOf(others[v] as Prepared))).ms,
      );
      await driver.stop();
    }
  }
  if (routeDriver === undefined || bare === undefined) throw new Error('No cold run');
  const bareDriver = await bareWarmFor(bare.file);

  const warmStarted = performance.now();
  const variantDrivers = await Promise.all(
    variants.map(async (variant) => {
      const driver = await boot(world.routeTable, variant.env);
      await driver.load(variant.bundle.file);
      return driver;
    }),
  );
  const variantWarm = variants.map((): number[] => []);
  const warm = { routeMs: [] as number[], routeCpuMs: [] as number[], bareMs: [] as number[] };
  const calls: Record<string, number>[] = [];
  const units: { read: number; write: number }[] = [];
  let dynamodbOperations: string[] = [];
  let sample: Prepared = { spec: {} };
  const total = sizes.warmUp + Math.min(sizes.warmRuns, request.warmRuns ?? sizes.warmRuns);
  for (let done = 0, size = sizes.warmUp; done < total; done += size, size = sizes.turn) {
    const timed = done >= sizes.warmUp;
    size = Math.min(size, total - done);
    const prepared = await request.take(size * (1 + variants.length));
    const own = prepared.slice(0, size);
    const routeRuns = await routeDriver.run(own.map(eventOf));
    const replays = routeRuns.map((run, n) => toBare(own[n] as Prepared, run, !timed));
    if (replays.some((r) => r.calls.some((c) => !operations.has(`${c.service} ${c.operation}`))))
      issues.add('the warm requests made calls the cold ones did not: the bare handler lacks them');
    const bareRuns = await bareDriver.run(replays, !timed);
    for (const [v, driver] of variantDrivers.entries()) {
      const runs = await driver.run(prepared.slice(size * (v + 1), size * (v + 2)).map(eventOf));
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
      sample = own[n] ?? sample;
    }
  }
  const [routeEnd] = await Promise.all(
    [routeDriver, bareDriver, ...variantDrivers].map((driver) => driver.finish()),
  );

  const tally = (of: Record<string, number>, ok: (status: string) => boolean): string =>
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
    bareBundle: bare.stats,
    cold,
    warm,
    maxRssBytes: routeEnd?.maxRssBytes ?? Number.NaN,
    logBytesPerInvocation: (routeEnd?.logBytes ?? 0) / (1 + total),
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
      coldMs: variantCold[coldVariants.indexOf(variant)] ?? [],
      warmMs: variantWarm[v] ?? [],
    })),
    sample,
    seconds: {
      cold: (warmStarted - started) / 1000,
      warm: (performance.now() - warmStarted) / 1000,
    },
  };
}
