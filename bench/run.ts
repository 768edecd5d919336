/**
 * `npm run bench [-- --quick] [-- --only getMe,authorizer] [-- --no-gateway]`: what each route's
 * request costs, beside a bare handler making the same calls and an empty one. Builds every function
 * of the route table as CDK does, starts the emulators, seeds through the API, measures each
 * function in turn, loads the gateway, and writes bench/report.md (bench/.work/report.md for a
 * quick or partial run) and the raw results to bench/.work/results.json. Stops every process it
 * started.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { functionNodeOptions } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import { authorizerEntry, routes } from '#shared/api/routes.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { type Bundle, buildDriver, buildEmptyHandler, bundle } from './build.ts';
import { benchDir, fullSizes, functionMemoryMb, quickSizes, workDir } from './config.ts';
import { concretePath } from './events.ts';
import { type GatewayTarget, runGatewayLoad } from './gateway.ts';
import { type FunctionResult, measureFunction } from './measure.ts';
import { startDriver } from './processes.ts';
import { bareCall } from './replay.ts';
import { type BenchResults, goalFigures, renderReport } from './report.ts';
import { seedRequests } from './requests.ts';
import { median } from './stats.ts';
import { startWorld, type World } from './world.ts';

const startedAt = Date.now();
const log = (message: string): void =>
  console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`);

/** The routes loaded through the gateway: a public one, and a read behind the authorizer. */
const gatewayRoutes = ['health', 'getProject'];

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
  const entries: [string, string][] = [
    ...Object.entries(routes as Readonly<Record<string, RouteDefinition>>).map(
      ([id, route]): [string, string] => [id, route.entry],
    ),
    ['authorizer', authorizerEntry],
  ];
  const functions = entries.filter(([id]) => only === undefined || only.includes(id));
  const load: [number, number] = [loadavg()[0] ?? 0, 0];
  log(
    `${functions.length} functions, ${values.quick ? 'quick' : 'full'} run, load average ${load[0].toFixed(1)}`,
  );

  const [bundles, empty, driver] = await Promise.all([
    Promise.all(functions.map(([id, entry]) => bundle(id, join(repoRoot, entry)))),
    buildEmptyHandler(),
    buildDriver(),
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
    const emptyColdRun = async (): Promise<void> => {
      const runner = await startDriver(driver, empty.file, 'empty', emptyEnv);
      const [first] = await runner.run([{}]);
      await runner.finish();
      emptyColdMs.push(runner.loadMs + (first?.wallMs ?? Number.NaN));
    };
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
      if (request === undefined) throw new Error(`No request for ${id}`);
      const result = await measureFunction(id, bundles[n] as Bundle, request, {
        world: active,
        driver,
        sizes,
        emptyColdRun,
        // The empty handler's cold starts, spread evenly over the run: as many as a function's.
        emptyColdRuns:
          Math.ceil(((n + 1) * sizes.coldRuns) / functions.length) -
          Math.ceil((n * sizes.coldRuns) / functions.length),
      });
      const goal = goalFigures(result, functionMemoryMb);
      log(
        `${id}: cold ${goal.coldRatio.toFixed(2)}× bare, warm p50 ${median(result.warm.routeMs).toFixed(2)} ms (${goal.warmDeltaMs >= 0 ? '+' : ''}${goal.warmDeltaMs.toFixed(2)}), ${(result.maxRssBytes / 2 ** 20).toFixed(0)} MB${result.issues.length > 0 ? `; ${result.issues.join('; ')}` : ''}`,
      );
      results.push(result);
    }

    const gatewayTargets: GatewayTarget[] = results
      .filter((result) => gatewayRoutes.includes(result.id))
      .map((result) => {
        const { prepared, calls } = result.sample;
        const route = (routes as Readonly<Record<string, RouteDefinition>>)[
          result.id
        ] as RouteDefinition;
        const query = new URLSearchParams(prepared.spec.query ?? {}).toString();
        const rewrite = {
          fromTable: active.routeTable,
          toTable: active.routeTable,
          cognitoSwaps: [],
        };
        return {
          label: `${route.method} ${route.path}`,
          path: `${concretePath(route.path, prepared.spec.pathParameters ?? {})}${query ? `?${query}` : ''}`,
          ...(prepared.caller && { token: prepared.caller.token }),
          bare: {
            bundle: join(workDir, 'bundles', `bare-${result.id}`, 'index.mjs'),
            event: { calls: calls.flatMap((call) => bareCall(call, rewrite) ?? []) },
          },
        };
      });
    const gateway =
      values['no-gateway'] || gatewayTargets.length === 0
        ? []
        : await runGatewayLoad(gatewayTargets, active.functionEnv(active.routeTable), sizes);
    log('gateway measured');

    load[1] = loadavg()[0] ?? 0;
    const output: BenchResults = {
      meta: {
        date: new Date().toISOString(),
        command: `npm run bench${values.quick || only ? ' --' : ''}${values.quick ? ' --quick' : ''}${only ? ` --only ${only.join(',')}` : ''}`,
        quick: values.quick,
        commit: gitCommit(),
        seconds: Math.round((Date.now() - startedAt) / 1000),
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
    log(
      `wrote ${reportFile.slice(repoRoot.length)} in ${output.meta.seconds} s; load average ${load[1].toFixed(1)}`,
    );
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error('npm run bench failed:', error);
  process.exit(1);
});
