/**
 * Measures one function against its bare handler, in the same run and on the same emulators, taking
 * turns. Cold: round 0's processes boot while every round's requests are seeded, the other rounds'
 * after it; each round times the function's load and first invocation, then its bare handler's
 * replaying the calls the function just sent. The last route process goes on warm: an untimed turn
 * (in which the bare handler also reports the capacity its calls consumed), then timed turns.
 * A bare handler whose cold starts were measured before (the same program making the same calls in
 * the same order) is not measured again: one process replays those rounds untimed, so the base
 * table moves on as the route table does. A variant is the function changed in one respect (built
 * without Tracer and Metrics, or run with the limiter off), measured alike.
 */
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

/** Lambda memory of every route function: ServiceFunction's default, which no route overrides. */
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

const count = (into: Record<string, number>, key: string | number): void => {
  into[key] = (into[key] ?? 0) + 1;
};
const elapsed = (since: number): number => (performance.now() - since) / 1000;

/** Loads `file` in a booted process and invokes it once: the cold start, in ms. */
async function coldRun(driver: Driver, file: string, event: unknown) {
  const loadMs = await driver.load(file);
  const [run] = (await driver.run([event])) as [Invocation];
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
  const event = { calls: [] };
  const coldMs: number[] = [];
  for (const driver of drivers) {
    coldMs.push((await coldRun(driver, file, event)).ms);
    if (coldMs.length < coldRuns) await driver.stop();
  }
  const last = drivers[coldRuns - 1] as Driver;
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
      ? authorizerEvent(routes.getMe, prepared.caller?.token ?? '')
      : apiEvent(route, prepared.spec, prepared.caller);
  const issues = new Set<string>();
  const statuses: Record<string, number> = {};
  const bareStatuses: Record<string, number> = {};
  const operations = new Set<string>();
  /** The bare handler's event replaying `invocation`'s calls, in the base table. */
  const toBare = (prepared: Prepared, invocation: Invocation, capacity = false) => {
    const cognitoSwaps = [newUserSwap, ...(prepared.cognitoSwaps ?? [])];
    const calls = invocation.calls.flatMap((call) => {
      const bare = bareCall(call, {
        fromTable: world.routeTable,
        toTable: world.baseTable,
        cognitoSwaps,
      });
      if (bare === undefined) issues.add(`the bare handler cannot make ${call.target}`);
      return bare === undefined ? [] : [bare];
    });
    return { calls, token: prepared.caller?.token, capacity };
  };
  const bareFor = (calls: readonly BareCall[]): Promise<Bundle> => {
    for (const call of calls) operations.add(`${call.service} ${call.operation}`);
    return bareHandler([...operations], request.bare);
  };

  const coldStarted = performance.now();
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
  /** The process that replays the rounds whose bare cold start is known, then runs warm. */
  let bareWarm: { driver: Driver; file: string } | undefined;
  const bareWarmFor = async (file: string): Promise<Driver> => {
    if (bareWarm?.file === file) return bareWarm.driver;
    await bareWarm?.driver.stop();
    bareWarm = { driver: await boot(world.baseTable), file };
    await bareWarm.driver.load(file);
    return bareWarm.driver;
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
    if (n === 0) {
      const more = Array.from({ length: sizes.coldRuns - 1 }, () =>
        bootRound(known.length < sizes.coldRuns),
      );
      rounds.push(...(await Promise.all(more)));
    }
    const bareRun =
      known[k] === undefined
        ? await coldRun(bareFresh ?? (await boot(world.baseTable)), bare.file, bareEvent)
        : { ms: known[k], run: (await (await bareWarmFor(bare.file)).run([bareEvent]))[0] };
    if (known[k] === undefined) known.push(bareRun.ms);
    count(bareStatuses, bareRun.run?.status ?? 'none');
    cold.bare.push(bareRun.ms);
    await bareFresh?.stop();
    for (const [v, variant] of coldVariants.entries()) {
      const driver = variantDrivers[v] as Driver;
      const { ms } = await coldRun(driver, variant.bundle.file, eventOf(others[v] as Prepared));
      variantCold[v]?.push(ms);
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
  const calls: Record<string, number> = {};
  const units: { read: number; write: number }[] = [];
  let last: { prepared: Prepared; run: Invocation } | undefined;
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
      if (!timed) units.push(unitsOf(replays[n]?.calls ?? [], JSON.parse(bareRun?.body ?? '[]')));
      if (!timed) continue;
      warm.routeMs.push(run.wallMs);
      warm.routeCpuMs.push(run.cpuMs);
      warm.bareMs.push(bareRun?.wallMs ?? Number.NaN);
      for (const call of run.calls) count(calls, serviceOf(call.target) ?? call.target);
      last = { prepared: own[n] as Prepared, run };
    }
  }
  const [routeEnd] = await Promise.all(
    [routeDriver, bareDriver, ...variantDrivers].map((driver) => driver.finish()),
  );

  const unexpected = (of: Record<string, number>, expected: number | undefined): string =>
    Object.entries(of)
      .filter(([status]) => expected !== undefined && Number(status) !== expected)
      .map(([status, times]) => `${times}× ${status}`)
      .join(', ');
  const answered = unexpected(statuses, request.expect);
  if (answered) issues.add(`answered ${answered}, not ${request.expect}`);
  if (unexpected(bareStatuses, 200))
    issues.add(`bare handler failed ${unexpected(bareStatuses, 200)}`);
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
      Object.entries(calls).map(([service, times]) => [service, times / warm.routeMs.length]),
    ),
    dynamodbOperations: (last?.run.calls ?? [])
      .filter((call) => call.target.startsWith('DynamoDB'))
      .map((call) => call.target.split('.')[1] ?? ''),
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
    sample: last?.prepared ?? { spec: {} },
    seconds: { cold: (warmStarted - coldStarted) / 1000, warm: elapsed(warmStarted) },
  };
}
