/**
 * `npm run bench [-- --quick] [-- --only getMe,authorizer] [-- --no-gateway]`: what each route's
 * request costs, beside a bare handler making the same calls and an empty one. Builds every function
 * of the route table as CDK does while the emulators start and seeding runs through the API,
 * measures each function in turn, loads the gateway, and writes bench/report.md (bench/.work/ for a
 * quick or partial run, with the raw results). Stops every process it started; prints the run's
 * wall time and load.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { functionNodeOptions } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, buildDriver, buildEmptyHandler, bundle } from './build.ts';
import * as config from './config.ts';
import { concretePath } from './events.ts';
import { runGatewayLoad } from './gateway.ts';
import { type FunctionResult, measureEmpty, measureFunction, type Variant } from './measure.ts';
import { type BenchResults, goalFigures, renderReport } from './report.ts';
import { seedRequests } from './requests.ts';
import { median } from './stats.ts';
import { startWorld } from './world.ts';

const startedAt = Date.now();
const seconds = (): number => Math.round((Date.now() - startedAt) / 1000);
const log = (message: string): void =>
  console.log(`[bench ${String(seconds()).padStart(4)}s] ${message}`);
const load = (): number => loadavg()[0] ?? 0;
const routeTable = routes as Readonly<Record<string, RouteDefinition>>;

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'no-gateway': { type: 'boolean', default: false },
  },
});
const sizes = values.quick ? config.quickSizes : config.fullSizes;
const only = values.only?.split(',').map((id) => id.trim());
const functions = [
  ...Object.entries(routeTable).map(([id, route]): [string, string] => [id, route.entry]),
  ['authorizer', authorizerEntry] as [string, string],
].filter(([id]) => only === undefined || only.includes(id));
const startLoad = load();
log(
  `${functions.length} functions, ${values.quick ? 'quick' : 'full'} run, load ${startLoad.toFixed(1)}`,
);

const world = startWorld();
const stop = (): Promise<void> =>
  world.then(
    (running) => running.stop(),
    () => undefined,
  );
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void stop().finally(() => process.exit(130)));
}
try {
  const inert = new Map<string, Bundle>();
  const [bundles, empty, driver, requests] = await Promise.all([
    Promise.all(functions.map(([id, entry]) => bundle(id, join(repoRoot, entry)))),
    buildEmptyHandler(),
    buildDriver(),
    world.then(seedRequests),
    ...functions
      .filter(([id]) => config.variantRoutes.includes(id))
      .map(async ([id, entry]) =>
        inert.set(id, await bundle(`${id}-inert`, join(repoRoot, entry), false)),
      ),
  ]);
  const active = await world;
  log('bundles built, emulators up, tenants seeded');
  const emptyEnv = { ...active.functionEnv(active.routeTable), NODE_OPTIONS: functionNodeOptions };

  const emptyResult = await measureEmpty(driver, empty, emptyEnv, sizes);
  const results: FunctionResult[] = [];
  for (const [n, [id]] of functions.entries()) {
    const deployed = bundles[n] as Bundle;
    const withoutObservability = inert.get(id);
    const variants: Variant[] = withoutObservability
      ? [
          { label: 'without Tracer and Metrics', bundle: withoutObservability },
          {
            label: 'without the limiter',
            bundle: deployed,
            env: { RATE_LIMITS: 'off' },
            warmOnly: true,
          },
        ]
      : [];
    const request = requests.get(id);
    if (request === undefined) throw new Error(`No request for ${id}`);
    const result = await measureFunction(id, deployed, request, {
      world: active,
      driver,
      sizes,
      variants,
    });
    const goal = goalFigures(result, config.functionMemoryMb);
    log(
      `${id}: cold ${goal.coldRatio.toFixed(2)}× bare, warm p50 ${median(result.warm.routeMs).toFixed(2)} ms (${goal.warmDeltaMs >= 0 ? '+' : ''}${goal.warmDeltaMs.toFixed(2)}), ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MB${result.issues.length > 0 ? `; ${result.issues.join('; ')}` : ''}`,
    );
    results.push(result);
  }

  const targets = results
    .filter((result) => config.gatewayRoutes.includes(result.id))
    .map(({ id, sample }) => {
      const route = routeTable[id] as RouteDefinition;
      const query = new URLSearchParams(sample.spec.query ?? {}).toString();
      const path = concretePath(route.path, sample.spec.pathParameters ?? {});
      return {
        label: `${route.method} ${route.path}`,
        path: `${path}${query ? `?${query}` : ''}`,
        ...(sample.caller && { token: sample.caller.token }),
      };
    });
  const gateway = values['no-gateway'] ? [] : await runGatewayLoad(active.url, targets, sizes);
  log('gateway measured');

  const flags = [values.quick && '--quick', only && `--only ${only.join(',')}`].filter(Boolean);
  const output: BenchResults = {
    meta: {
      date: new Date().toISOString(),
      command: `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
      quick: values.quick,
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })
        .toString()
        .trim(),
      seconds: seconds(),
      machine: `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}`,
      load: [startLoad, load()],
      coldRuns: sizes.coldRuns,
      warmRuns: sizes.warmRuns,
      memoryMb: config.functionMemoryMb,
    },
    empty: emptyResult,
    functions: results,
    gateway,
  };
  // Only a full run of every function may replace the committed report.
  const full = only === undefined && !values.quick;
  const reportFile = join(full ? config.benchDir : config.workDir, 'report.md');
  await mkdir(config.workDir, { recursive: true });
  await writeFile(join(config.workDir, 'results.json'), JSON.stringify(output));
  await writeFile(reportFile, renderReport(output));
  log(`wrote ${relative(repoRoot, reportFile)}`);
} catch (error) {
  console.error('npm run bench failed:', error);
  process.exitCode = 1;
} finally {
  await stop();
}
log(
  `total wall time ${seconds()} s; load average ${startLoad.toFixed(1)} at the start, ${load().toFixed(1)} at the end`,
);
