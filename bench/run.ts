/**
 * `npm run bench [-- --quick] [-- --only getMe,authorizer] [-- --no-gateway]`: what each route's
 * request costs, beside a bare handler making the same calls and an empty one. Builds every function
 * of the route table as CDK does, starts the emulators, seeds through the API, measures each
 * function in turn, loads the gateway, and writes bench/report.md (bench/.work/report.md for a quick
 * or partial run). Stops every process it started; prints the run's wall time and load.
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
import {
  benchDir,
  fullSizes,
  functionMemoryMb,
  gatewayRoutes,
  quickSizes,
  variantRoutes,
  workDir,
} from './config.ts';
import { concretePath } from './events.ts';
import { type GatewayTarget, runGatewayLoad } from './gateway.ts';
import { type FunctionResult, measureFunction, type Variant } from './measure.ts';
import { startDriver } from './processes.ts';
import { type BenchResults, goalFigures, renderReport } from './report.ts';
import { seedRequests } from './requests.ts';
import { median } from './stats.ts';
import { startWorld, type World } from './world.ts';

const startedAt = Date.now();
const seconds = (): number => Math.round((Date.now() - startedAt) / 1000);
const log = (message: string): void =>
  console.log(`[bench ${String(seconds()).padStart(4)}s] ${message}`);
const routeTable = routes as Readonly<Record<string, RouteDefinition>>;

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
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
  const load: [number, number] = [loadavg()[0] ?? 0, 0];
  log(
    `${functions.length} functions, ${values.quick ? 'quick' : 'full'} run, load ${load[0].toFixed(1)}`,
  );

  const withoutObservability = new Map<string, Bundle>();
  const [bundles, empty, driver] = await Promise.all([
    Promise.all(functions.map(([id, entry]) => bundle(id, join(repoRoot, entry)))),
    buildEmptyHandler(),
    buildDriver(),
    ...functions
      .filter(([id]) => variantRoutes.includes(id))
      .map(async ([id, entry]) =>
        withoutObservability.set(id, await bundle(`${id}-inert`, join(repoRoot, entry), false)),
      ),
  ]);
  log('bundles built');

  let world: World | undefined;
  const stop = async (): Promise<void> => {
    const running = world;
    world = undefined;
    await running?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)));
  }
  try {
    world = await startWorld();
    const active = world;
    log('emulators up');
    const requests = await seedRequests(active);
    log('seeded');

    const emptyEnv = {
      ...active.functionEnv(active.routeTable),
      NODE_OPTIONS: functionNodeOptions,
    };
    const emptyColdMs: number[] = [];
    for (let n = 0; n < sizes.coldRuns; n++) {
      const runner = await startDriver(driver, empty.file, 'empty', emptyEnv);
      const [first] = await runner.run([{}]);
      await runner.finish();
      emptyColdMs.push(runner.loadMs + (first?.wallMs ?? Number.NaN));
    }
    const emptyWarm = await startDriver(driver, empty.file, 'empty', emptyEnv);
    const emptyWarmMs = (
      await emptyWarm.run(Array.from({ length: sizes.warmUp + sizes.warmRuns }, () => ({})))
    )
      .slice(sizes.warmUp)
      .map((invocation) => invocation.wallMs);
    await emptyWarm.finish();

    const results: FunctionResult[] = [];
    for (const [n, [id]] of functions.entries()) {
      const request = requests.get(id);
      const inert = withoutObservability.get(id);
      if (request === undefined) throw new Error(`No request for ${id}`);
      const variants: Variant[] = inert
        ? [
            { label: 'without Tracer and Metrics', bundle: inert },
            {
              label: 'without the limiter',
              bundle: bundles[n] as Bundle,
              env: { RATE_LIMITS: 'off' },
            },
          ]
        : [];
      const result = await measureFunction(id, bundles[n] as Bundle, request, {
        world: active,
        driver,
        sizes,
        variants,
      });
      const goal = goalFigures(result, functionMemoryMb);
      log(
        `${id}: cold ${goal.coldRatio.toFixed(2)}× bare, warm p50 ${median(result.warm.routeMs).toFixed(2)} ms (${goal.warmDeltaMs >= 0 ? '+' : ''}${goal.warmDeltaMs.toFixed(2)}), ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MB${result.issues.length > 0 ? `; ${result.issues.join('; ')}` : ''}`,
      );
      results.push(result);
    }

    const targets: GatewayTarget[] = results
      .filter((result) => gatewayRoutes.includes(result.id))
      .map(({ id, sample }) => {
        const route = routeTable[id] as RouteDefinition;
        const query = new URLSearchParams(sample.spec.query ?? {}).toString();
        return {
          label: `${route.method} ${route.path}`,
          path: `${concretePath(route.path, sample.spec.pathParameters ?? {})}${query ? `?${query}` : ''}`,
          ...(sample.caller && { token: sample.caller.token }),
        };
      });
    const gateway =
      values['no-gateway'] || targets.length === 0
        ? []
        : await runGatewayLoad(active.url, targets, sizes);
    log('gateway measured');

    load[1] = loadavg()[0] ?? 0;
    const flags = [values.quick && '--quick', only && `--only ${only.join(',')}`].filter(Boolean);
    const output: BenchResults = {
      meta: {
        date: new Date().toISOString(),
        command: `npm run bench${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`,
        quick: values.quick,
        commit: gitCommit(),
        seconds: seconds(),
        machine: `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}`,
        load,
        coldRuns: sizes.coldRuns,
        warmRuns: sizes.warmRuns,
        memoryMb: functionMemoryMb,
      },
      empty: { coldMs: emptyColdMs, warmMs: emptyWarmMs },
      functions: results,
      gateway,
    };
    // Only a full run of every function may replace the committed report.
    const reportFile =
      only === undefined && !values.quick
        ? join(benchDir, 'report.md')
        : join(workDir, 'report.md');
    await mkdir(workDir, { recursive: true });
    await writeFile(join(workDir, 'results.json'), JSON.stringify(output));
    await writeFile(reportFile, renderReport(output));
    log(`wrote ${relative(repoRoot, reportFile)}`);
  } finally {
    await stop();
  }
  log(
    `total wall time ${seconds()} s; load average ${load[0].toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
  );
}

main().catch((error: unknown) => {
  console.error('npm run bench failed:', error);
  process.exit(1);
});
