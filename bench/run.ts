/**
 * `npm run bench [-- --quick] [-- --only getMe,authorizer] [-- --no-gateway]`: what each route's
 * request costs, beside a bare handler making the same calls and an empty one. It builds every
 * function of the route table as CDK does while the emulators start and seeding runs through the
 * API; measures the empty handler, then each function in turn (measure.ts: cold starts in fresh
 * processes, warm p50/p99, peak RSS, calls and capacity), getProject and createProject also without
 * Tracer and Metrics and without the limiter; loads the gateway; and writes bench/report.md
 * (bench/.work/ for a quick or partial run, with the raw results). Stops every process it started;
 * prints the run's wall time and load.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '#lib/common/paths.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, benchDir, buildDriver, bundle, workDir } from './build.ts';
import { concretePath } from './events.ts';
import { runGatewayLoad } from './gateway.ts';
import {
  type Bench,
  type FunctionResult,
  functionMemoryMb,
  measureEmpty,
  measureFunction,
  type Sizes,
} from './measure.ts';
import { type BenchResults, goalFigures, renderReport } from './report.ts';
import { seedRequests } from './requests.ts';
import { median } from './stats.ts';
import { startWorld } from './world.ts';

/** Sized so a full run of every function stays under ten minutes on a quiet 2-core machine. */
const fullSizes: Sizes = { coldRuns: 15, warmUp: 10, warmRuns: 100, turn: 25 };
const quickSizes: Sizes = { coldRuns: 5, warmUp: 10, warmRuns: 40, turn: 20 };
/** Measured again without Tracer and Metrics, and with the limiter off: a read and a write. */
const variantRoutes = ['getProject', 'createProject'];
/** Loaded through the gateway: a public route, and a read behind the authorizer. */
const gatewayRoutes = ['health', 'getProject'];

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
const sizes = values.quick ? quickSizes : fullSizes;
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
  const entries = Object.fromEntries(functions.map(([id, entry]) => [id, join(repoRoot, entry)]));
  const inertEntries = Object.fromEntries(
    variantRoutes.filter((id) => entries[id]).map((id) => [`${id}-inert`, entries[id] as string]),
  );
  const [bundles, inert, driver, requests] = await Promise.all([
    bundle(entries).finally(() => log('bundles built')),
    bundle(inertEntries, false),
    buildDriver(),
    world.then(seedRequests).finally(() => log('emulators up, tenants seeded')),
  ]);
  const bench: Bench = { world: await world, driver, sizes, bareColds: new Map() };
  const empty = await measureEmpty(bench);
  log(`empty handler: cold ${median(empty.coldMs).toFixed(1)} ms`);

  const results: FunctionResult[] = [];
  for (const [id] of functions) {
    const deployed = bundles.get(id) as Bundle;
    const withoutObservability = inert.get(`${id}-inert`);
    const variants = withoutObservability
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
    const result = await measureFunction(id, deployed, request, variants, bench);
    const goal = goalFigures(result, functionMemoryMb);
    log(
      `${id} (cold ${result.seconds.cold.toFixed(1)} s, warm ${result.seconds.warm.toFixed(1)} s): cold ${goal.coldRatio.toFixed(2)}× bare, warm p50 ${median(result.warm.routeMs).toFixed(2)} ms (${goal.warmDeltaMs >= 0 ? '+' : ''}${goal.warmDeltaMs.toFixed(2)}), ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MB${result.issues.length > 0 ? `; ${result.issues.join('; ')}` : ''}`,
    );
    results.push(result);
  }

  const targets = results
    .filter((result) => gatewayRoutes.includes(result.id))
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
  const gateway = values['no-gateway']
    ? []
    : await runGatewayLoad(bench.world.url, targets, values.quick ? 1 : 2);
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
      memoryMb: functionMemoryMb,
    },
    empty,
    functions: results,
    gateway,
  };
  // Only a full run of every function may replace the committed report.
  const full = only === undefined && !values.quick;
  const reportFile = join(full ? benchDir : workDir, 'report.md');
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, 'results.json'), JSON.stringify(output));
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
