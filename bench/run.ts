/**
 * `npm run bench [-- --quick] [-- --only getMe,authorizer] [-- --no-gateway] [-- --render]
 * [-- --cpu-profile]`: what each request
 * costs, side by side with the floor. Builds every function as CDK does, starts the emulators,
 * seeds a tenant, profiles each function's AWS calls, then measures cold starts, warm latency,
 * memory and gateway throughput against baselines in the same run, and writes bench/results.json,
 * bench/report.md and bench/report.svg (`*.partial.*` for a quick or partial run). Every child
 * process is stopped on exit.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { functionNodeOptions, sourceMapsNodeOption } from '#lib/common/bundling.ts';
import { repoRoot } from '#lib/common/paths.ts';
import {
  type BuiltBundle,
  buildBareBaseline,
  buildDrivers,
  buildFunctionBundle,
  emptyBaselineEntry,
  operationsOf,
} from './build.ts';
import { type ColdTarget, runColdStarts } from './cold-start.ts';
import { benchDir, fullSizes, quickSizes } from './config.ts';
import { type FunctionCostInput, routeCost } from './cost.ts';
import { cpuProfileFiles, summarizeCpuProfiles } from './cpu-profile.ts';
import type { ColdResult } from './drivers/protocol.ts';
import type { WireCall } from './drivers/wire.ts';
import { authorizerId, type FunctionUnderTest, functionsUnderTest } from './functions.ts';
import { type GatewayTarget, runGatewayLoad } from './gateway.ts';
import { instrumentDocumentClient, instrumentOtherClients } from './instrument.ts';
import { costAssumptions, priceTable } from './prices.ts';
import { type FunctionProfile, profileFunction } from './profile.ts';
import { renderMarkdown, renderSvg } from './report.ts';
import {
  type BenchResults,
  coldFigures,
  type FunctionResult,
  memoryFigures,
  type NoiseFloor,
  warmFigures,
} from './results.ts';
import { createScenarios, type Scenario, seedTenant } from './scenarios.ts';
import { ratio } from './stats.ts';
import { runWarmPair, type WarmSideResult } from './warm.ts';
import { type ReplayCall, replayCalls } from './wire-calls.ts';
import { rewriteWorld, startWorlds, type WorldName, type Worlds } from './world.ts';

const startedAt = Date.now();
/** The read route the noise floor runs against itself: one GetItem, no writes, so both processes can share its item. */
const noiseFloorFunctionId = 'getProject';

/** Whether the deployed functions run with Node's source maps on; the bench also prices the other way. */
const deployedWithSourceMaps = functionNodeOptions.split(/\s+/).includes(sourceMapsNodeOption);
/** NODE_OPTIONS with the source-map setting flipped. */
const flippedNodeOptions = deployedWithSourceMaps
  ? functionNodeOptions
      .split(/\s+/)
      .filter((option) => option !== sourceMapsNodeOption)
      .join(' ')
  : `${functionNodeOptions} ${sourceMapsNodeOption}`.trim();

function log(message: string): void {
  const seconds = ((Date.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.log(`[bench ${seconds}s] ${message}`);
}

interface Measured {
  readonly fn: FunctionUnderTest;
  readonly scenario: Scenario;
  readonly bundle: BuiltBundle;
  profile?: FunctionProfile;
  baseline?: BuiltBundle;
  /** The calls each warm request sent, by index, until the baseline's turn replays them. */
  readonly sentByRoute: Map<number, readonly WireCall[]>;
  warm?: { route: WarmSideResult; baseline: WarmSideResult };
}

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
      /** Re-renders report.md and report.svg from results.json, measuring nothing. */
      render: { type: 'boolean', default: false },
      /** CPU profiles of the warm runs and where each request's CPU goes, by package. */
      'cpu-profile': { type: 'boolean', default: false },
    },
  });
  if (values.render) {
    const results = JSON.parse(
      await readFile(join(benchDir, 'results.json'), 'utf8'),
    ) as BenchResults;
    await writeReports(results, '');
    log('re-rendered bench/report.md and bench/report.svg from bench/results.json');
    return;
  }
  const sizes = values.quick ? quickSizes : fullSizes;
  const only = values.only?.split(',').map((id) => id.trim());
  const profiling = values['cpu-profile'];
  if (profiling && only === undefined) {
    throw new Error('--cpu-profile slows every figure it records: name the functions with --only');
  }
  const functions = functionsUnderTest(only);
  log(`${functions.length} functions, ${values.quick ? 'quick' : 'full'} run`);

  // 1. Bundles, exactly as CDK builds them, and the drivers.
  const [bundles, empty, drivers] = await Promise.all([
    Promise.all(functions.map((fn) => buildFunctionBundle(fn.id, join(repoRoot, fn.entry)))),
    buildFunctionBundle('empty', emptyBaselineEntry()),
    buildDrivers(),
  ]);
  log('bundles built');

  let worlds: Worlds | undefined;
  const stopAll = async (): Promise<void> => {
    const running = worlds;
    worlds = undefined;
    await running?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    worlds = await startWorlds();
    log('emulators up');
    // The handlers read configuration once, so the bench process is the `prof` world from now on;
    // its own logs and metrics stay quiet (the drivers run with the deployed settings).
    Object.assign(process.env, worlds.functionEnv('prof'), {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    const { documentClient } = await import('#shared/data/document-client.ts');
    instrumentDocumentClient(documentClient());
    await instrumentOtherClients();

    const seed = await seedTenant(worlds);
    const coldIndex = (run: number): number => run;
    const sourceMapIndex = (run: number): number => sizes.coldRuns + run;
    const firstWarmIndex = sizes.coldRuns + sizes.sourceMapRuns;
    // The warm requests reach each world in index order (the profile, the function's turns and the
    // baseline's each run them one at a time); the cold ones interleave and skip worlds.
    const scenarios = createScenarios(worlds, seed, functions, firstWarmIndex);

    const measured: Measured[] = functions.map((fn, index) => {
      const scenario = scenarios.get(fn.id);
      const bundle = bundles[index];
      if (scenario === undefined || bundle === undefined)
        throw new Error(`nothing to run for ${fn.id}`);
      return { fn, scenario, bundle, sentByRoute: new Map() };
    });

    // 2. Seeds, then the in-process profile: the calls each request makes, and their capacity. The
    // cold requests are profiled (their baselines replay the profile); the warm baselines replay
    // what the route itself sent.
    const requests = firstWarmIndex + sizes.warmUp + sizes.warmInvocations;
    for (const entry of measured) {
      const seedingStarted = performance.now();
      await entry.scenario.prepare?.(requests);
      const profileStarted = performance.now();
      entry.profile = await profileFunction(entry.fn, entry.scenario, firstWarmIndex);
      const seconds = (from: number, to: number): string => ((to - from) / 1000).toFixed(1);
      log(
        `profiled ${entry.fn.id}: ${entry.profile.perRequest.operations.join(' → ') || 'no AWS calls'} (${entry.profile.profiled} requests; seeding ${seconds(seedingStarted, profileStarted)} s, profile ${seconds(profileStarted, performance.now())} s)`,
      );
    }
    await worlds.flush();

    // 3. The bare baselines, generated from the calls seen, bundled like the functions.
    await Promise.all(
      measured.map(async (entry) => {
        const calls = Array.from(
          { length: entry.profile?.profiled ?? 0 },
          (_, index) => entry.profile?.callsFor(index) ?? [],
        ).flat();
        entry.baseline = await buildBareBaseline(entry.fn.id, operationsOf(calls), {
          verifiesToken: entry.scenario.baselineVerifiesToken === true,
          presignsDownload: entry.scenario.baselinePresignsDownload === true,
        });
      }),
    );
    log('baselines built');

    const envFor = (world: WorldName, fn: FunctionUnderTest, nodeOptions: string) => ({
      ...(worlds as Worlds).functionEnv(world),
      NODE_OPTIONS: nodeOptions,
      AWS_LAMBDA_FUNCTION_NAME: fn.id,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    });
    /** The scenario's per-world values of request `index`, `from`'s paired with `to`'s. */
    const worldSwaps = (entry: Measured, index: number, from: WorldName, to: WorldName) => {
      const into = entry.scenario.worldValues?.(index, to) ?? [];
      return (entry.scenario.worldValues?.(index, from) ?? []).map(
        (value, position) => [value, into[position] ?? value] as const,
      );
    };
    /** The calls of request `index` as the `base` world's replay: what the route sent, or the profile's. */
    const baselineCalls = (entry: Measured, index: number): ReplayCall[] => {
      const sent = entry.sentByRoute.get(index);
      if (sent !== undefined) {
        entry.sentByRoute.delete(index);
        return replayCalls(sent, 'route', 'base', worldSwaps(entry, index, 'route', 'base'));
      }
      return rewriteWorld(
        (entry.profile?.callsFor(index) ?? []).map(({ service, operation, input, error }) => ({
          service,
          operation,
          input,
          ...(error !== undefined && { error }),
        })),
        'prof',
        'base',
        worldSwaps(entry, index, 'prof', 'base'),
      );
    };
    const baselineEvent = (entry: Measured, index: number): unknown => ({
      calls: baselineCalls(entry, index),
      ...(entry.scenario.baselineVerifiesToken && { token: seed.idToken }),
    });

    // 4. Cold starts, round by round over every target.
    const targets: ColdTarget[] = [
      {
        key: 'empty',
        functionName: 'empty',
        bundle: empty.file,
        env: { ...worlds.functionEnv('route'), NODE_OPTIONS: functionNodeOptions },
        runs: sizes.coldRuns,
        event: () => ({}),
      },
    ];
    for (const entry of measured) {
      const { fn, scenario } = entry;
      targets.push(
        {
          key: fn.id,
          functionName: fn.id,
          bundle: entry.bundle.file,
          env: envFor('route', fn, functionNodeOptions),
          runs: sizes.coldRuns,
          event: (run) => scenario.event(coldIndex(run), 'route', `bench-cold-${fn.id}-${run}`),
        },
        {
          key: `${fn.id} flipped-source-maps`,
          functionName: fn.id,
          bundle: entry.bundle.file,
          env: envFor('route', fn, flippedNodeOptions),
          runs: sizes.sourceMapRuns,
          event: (run) =>
            scenario.event(sourceMapIndex(run), 'route', `bench-nosm-${fn.id}-${run}`),
        },
        {
          key: `${fn.id} bare`,
          functionName: `${fn.id}-bare`,
          bundle: entry.baseline?.file ?? '',
          env: envFor('base', fn, functionNodeOptions),
          runs: sizes.coldRuns,
          event: (run) => baselineEvent(entry, coldIndex(run)),
        },
      );
    }
    const cold = await runColdStarts(targets, drivers.cold, (round, rounds) =>
      log(`cold starts: round ${round + 1} of ${rounds}`),
    );

    // 5. Warm latency and memory, function and baseline taking turns.
    for (const entry of measured) {
      const { fn, scenario } = entry;
      const profileFiles = profiling ? await cpuProfileFiles(fn.id) : undefined;
      const bareBundle = entry.baseline?.file ?? '';
      entry.warm = await runWarmPair(
        {
          functionName: fn.id,
          bundle: entry.bundle.file,
          env: {
            ...envFor('route', fn, functionNodeOptions),
            ...(profileFiles && { BENCH_CPU_PROFILE: profileFiles.route }),
          },
          event: (index) => scenario.event(index, 'route', `bench-warm-${fn.id}-${index}`),
          sent: (index, calls) => entry.sentByRoute.set(index, calls),
        },
        {
          functionName: `${fn.id}-bare`,
          bundle: bareBundle,
          env: {
            ...envFor('base', fn, functionNodeOptions),
            ...(profileFiles && { BENCH_CPU_PROFILE: profileFiles.bare }),
          },
          event: (index) => baselineEvent(entry, index),
        },
        {
          firstIndex: firstWarmIndex,
          warmUp: sizes.warmUp,
          timed: sizes.warmInvocations,
          turn: sizes.turn,
          profile: profiling,
        },
        drivers.warm,
      );
      log(
        `warm ${fn.id}: p50 ${entry.warm.route.wallMs.length ? median(entry.warm.route.wallMs).toFixed(2) : '?'} ms vs bare ${median(entry.warm.baseline.wallMs).toFixed(2)} ms`,
      );
      if (profileFiles) {
        const table = await summarizeCpuProfiles(
          fn.id,
          profileFiles,
          { route: entry.bundle.file, bare: bareBundle },
          {
            route: entry.warm.route.finish.profiledInvocations,
            bare: entry.warm.baseline.finish.profiledInvocations,
          },
        );
        log(`CPU profiles of ${fn.id} in ${profileFiles.summary}:\n${table}`);
      }
    }

    // 5b. The noise floor: a read route against itself, so a figure a few points from its goal can
    // be read against this run's own spread.
    const control = measured.find((entry) => entry.fn.id === noiseFloorFunctionId);
    let noiseFloor: NoiseFloor | undefined;
    if (control) {
      const side = {
        functionName: control.fn.id,
        bundle: control.bundle.file,
        env: envFor('route', control.fn, functionNodeOptions),
        event: (index: number) =>
          control.scenario.event(index, 'route', `bench-aa-${control.fn.id}-${index}`),
      };
      const pair = await runWarmPair(
        side,
        side,
        {
          firstIndex: firstWarmIndex,
          warmUp: sizes.warmUp,
          timed: sizes.warmInvocations,
          turn: sizes.turn,
        },
        drivers.warm,
      );
      noiseFloor = {
        functionId: control.fn.id,
        invocations: pair.route.wallMs.length,
        p50Difference: ratio(median(pair.route.wallMs), median(pair.baseline.wallMs)) - 1,
      };
      log(
        `noise floor: ${control.fn.id} against itself, p50 ${(noiseFloor.p50Difference * 100).toFixed(1)} %`,
      );
    }

    // 6. Through the gateway.
    const gatewayTargets: GatewayTarget[] = measured.flatMap((entry) => {
      const request = entry.scenario.gatewayRequest?.();
      if (request === undefined) return [];
      return [
        {
          id: entry.fn.id,
          label: entry.fn.label,
          path: request.path,
          headers: request.headers,
          calls: rewriteWorld(
            [...(entry.profile?.callsFor(0) ?? [])],
            'prof',
            'route',
            worldSwaps(entry, 0, 'prof', 'route'),
          ),
        },
      ];
    });
    const gateway =
      values['no-gateway'] || gatewayTargets.length === 0
        ? []
        : await runGatewayLoad(
            gatewayTargets,
            worlds.functionEnv('route'),
            drivers,
            sizes,
            (step) => log(`gateway: ${step}`),
          );

    // 7. Figures, cost and the report.
    const emptyCold = coldFigures(cold.get('empty') ?? []);
    const authorizerEntry = measured.find((entry) => entry.fn.id === authorizerId);
    const costInput = (entry: Measured): FunctionCostInput => {
      const coldSamples = cold.get(entry.fn.id) ?? [];
      const figures = coldFigures(coldSamples);
      return {
        memoryMb: entry.fn.memoryMb,
        warmWallMs: entry.warm?.route.wallMs ?? [],
        warmCpuMs: entry.warm?.route.cpuMs ?? [],
        coldWallMs: figures.totalMs.median,
        coldCpuMs: figures.totalCpuMs.median,
        logBytesPerInvocation: entry.warm
          ? entry.warm.route.finish.logBytes / (entry.warm.route.finish.invocations || 1)
          : 0,
        readUnits: entry.profile?.perRequest.readUnits ?? 0,
        writeUnits: entry.profile?.perRequest.writeUnits ?? 0,
        sqsRequests: entry.profile?.perRequest.byService.sqs ?? 0,
      };
    };
    const results: FunctionResult[] = measured.map((entry) =>
      functionResult(entry, cold, emptyCold.totalMs.median, (e) => costInput(e), authorizerEntry),
    );
    const output: BenchResults = {
      meta: {
        date: new Date().toISOString(),
        mode: values.quick ? 'quick' : 'full',
        command: `npm run bench${values.quick ? ' -- --quick' : ''}`,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
        durationSeconds: Math.round((Date.now() - startedAt) / 1000),
        commit: gitCommit(),
        nodeOptions: functionNodeOptions || '(none)',
        sizes: { ...sizes },
        prices: priceTable,
        assumptions: costAssumptions,
      },
      empty: { bundle: empty.stats, cold: emptyCold },
      functions: results,
      gateway,
      ...(noiseFloor && { noiseFloor }),
    };
    // A partial (--only) or quick run is for development: it must not overwrite the committed report.
    const suffix = only === undefined && !values.quick ? '' : '.partial';
    const resultsFile = join(benchDir, `results${suffix}.json`);
    await writeFile(resultsFile, `${JSON.stringify(output, null, 2)}\n`);
    // The committed results pass `npm test`'s Biome check (partial ones are gitignored; Biome
    // does not format SVG, and the report's SVG passes its lint as written).
    if (suffix === '') formatWithBiome([resultsFile]);
    await writeReports(output, suffix);
    log(`wrote bench/results${suffix}.json, bench/report${suffix}.md, bench/report${suffix}.svg`);
  } finally {
    await stopAll();
  }
}

async function writeReports(results: BenchResults, suffix: string): Promise<void> {
  await writeFile(join(benchDir, `report${suffix}.md`), renderMarkdown(results));
  await writeFile(join(benchDir, `report${suffix}.svg`), renderSvg(results));
}

function formatWithBiome(files: readonly string[]): void {
  const biome = join(repoRoot, 'node_modules', '@biomejs', 'biome', 'bin', 'biome');
  execFileSync(process.execPath, [biome, 'format', '--write', ...files], {
    cwd: repoRoot,
    stdio: 'ignore',
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

function functionResult(
  entry: Measured,
  cold: ReadonlyMap<string, readonly ColdResult[]>,
  emptyMedianMs: number,
  costInput: (entry: Measured) => FunctionCostInput,
  authorizer: Measured | undefined,
): FunctionResult {
  const { fn, scenario, profile, warm } = entry;
  if (profile === undefined || warm === undefined || entry.baseline === undefined) {
    throw new Error(`${fn.id} was not fully measured`);
  }
  const functionCold = coldFigures(cold.get(fn.id) ?? []);
  const flipped = coldFigures(cold.get(`${fn.id} flipped-source-maps`) ?? []);
  const [withSourceMaps, withoutSourceMaps] = deployedWithSourceMaps
    ? [functionCold, flipped]
    : [flipped, functionCold];
  const baselineCold = coldFigures(cold.get(`${fn.id} bare`) ?? []);
  const warmFunction = warmFigures(
    warm.route.wallMs,
    warm.route.cpuMs,
    warm.route.statuses,
    warm.route.finish,
  );
  const warmBaseline = warmFigures(
    warm.baseline.wallMs,
    warm.baseline.cpuMs,
    warm.baseline.statuses,
    warm.baseline.finish,
  );

  const issues: string[] = [];
  const expected = scenario.expectedStatus;
  const unexpected = (where: string, statuses: Readonly<Record<string, number>>): void => {
    const others = Object.entries(statuses).filter(([status]) => Number(status) !== expected);
    if (expected !== undefined && others.length > 0) {
      issues.push(
        `${where}: ${others.map(([status, count]) => `${count}× ${status}`).join(', ')} (expected ${expected})`,
      );
    }
  };
  unexpected('profile', profile.statuses);
  unexpected('cold start', functionCold.statuses);
  unexpected('warm', warmFunction.statuses);
  const baselineFailures = Object.entries(warmBaseline.statuses).filter(
    ([status]) => status !== '200',
  );
  if (baselineFailures.length > 0) {
    issues.push(`bare baseline: ${baselineFailures.map(([s, n]) => `${n}× ${s}`).join(', ')}`);
  }
  for (const [service, perRequest] of Object.entries(profile.perRequest.byService)) {
    const onWire = warmFunction.wirePerInvocation[service] ?? 0;
    if (service !== 'secretsmanager' && Math.abs(onWire - perRequest) > 0.05) {
      issues.push(
        `${service}: ${perRequest.toFixed(2)} calls per request in the profile, ${onWire.toFixed(2)} on the wire from the bundle`,
      );
    }
  }
  if (scenario.generic)
    issues.push('generic request: write a scenario in bench/scenarios.ts for a realistic one');

  const isTenant = fn.route?.auth === 'tenant';
  const cost = routeCost(
    costInput(entry),
    isTenant && authorizer && authorizer !== entry ? costInput(authorizer) : undefined,
  );

  return {
    id: fn.id,
    label: fn.label,
    kind: fn.route?.auth ?? 'authorizer',
    tableAccess: fn.route?.table ?? 'read',
    scenario: {
      description: scenario.description,
      generic: scenario.generic === true,
      expectedStatus: expected ?? null,
    },
    bundle: entry.bundle.stats,
    baseline: { operations: profile.perRequest.operations, bundle: entry.baseline.stats },
    cold: {
      function: functionCold,
      deployedWithSourceMaps,
      otherSourceMapSetting: flipped,
      baseline: baselineCold,
      ratioToBaseline: ratio(functionCold.totalMs.median, baselineCold.totalMs.median),
      ratioToEmpty: ratio(functionCold.totalMs.median, emptyMedianMs),
      sourceMapCostMs: withSourceMaps.totalMs.median - withoutSourceMaps.totalMs.median,
    },
    warm: {
      function: warmFunction,
      baseline: warmBaseline,
      p50Overhead: ratio(warmFunction.wallMs.median, warmBaseline.wallMs.median) - 1,
      p99Ratio: ratio(warmFunction.wallMs.p99, warmBaseline.wallMs.p99),
    },
    memory: memoryFigures(fn.memoryMb, warm.route.finish),
    calls: {
      ...profile.perRequest,
      profiledRequests: profile.profiled,
      repeats: profile.repeats,
      profileStatuses: profile.statuses,
    },
    cost,
    issues,
  };
}

main().catch((error: unknown) => {
  console.error('npm run bench failed:', error);
  process.exit(1);
});
