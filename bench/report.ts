/** Writes bench/report.md from a run's results: the goals first, then every figure behind them. */
import { prices } from '#shared/costs/price-table.ts';
import { assumptions, type CostInput, routeCost } from './cost.ts';
import type { GatewayResult } from './gateway.ts';
import type { FunctionResult } from './measure.ts';
import { median, percentile } from './stats.ts';

export interface BenchResults {
  readonly meta: {
    readonly date: string;
    readonly command: string;
    readonly quick: boolean;
    readonly commit: string;
    readonly seconds: number;
    readonly machine: string;
    /** 1-minute load average at the start and the end of the run. */
    readonly load: readonly [number, number];
    readonly coldRuns: number;
    readonly warmRuns: number;
    readonly memoryMb: number;
  };
  readonly empty: { readonly coldMs: readonly number[]; readonly warmMs: readonly number[] };
  readonly functions: readonly FunctionResult[];
  readonly gateway: readonly GatewayResult[];
}

/** The goals of issue 15, as numbers. */
export const goals = { coldRatio: 1.3, coldRuns: 15, warmP50DeltaMs: 1, rssShare: 0.75 } as const;

export interface GoalFigures {
  readonly coldRatio: number;
  readonly coldMet: boolean;
  readonly warmDeltaMs: number;
  readonly warmMet: boolean;
  readonly rssShare: number;
  readonly rssMet: boolean;
}

export function goalFigures(result: FunctionResult, memoryMb: number): GoalFigures {
  const coldRatio = median(result.cold.route) / median(result.cold.bare);
  const warmDeltaMs = median(result.warm.routeMs) - median(result.warm.bareMs);
  const rssShare = result.maxRssBytes / (memoryMb * 1024 * 1024);
  return {
    coldRatio,
    coldMet: coldRatio <= goals.coldRatio && result.cold.route.length >= goals.coldRuns,
    warmDeltaMs,
    warmMet: warmDeltaMs <= goals.warmP50DeltaMs,
    rssShare,
    rssMet: rssShare <= goals.rssShare,
  };
}

const ms = (value: number): string =>
  Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : '–';
const signed = (value: number, unit = ' ms'): string =>
  `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}${unit}`;
const kb = (bytes: number): string => (bytes / 1024).toFixed(0);
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string =>
  [head, head.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');

/** One goal over every function: how many meet it, and by how much the others miss. */
function verdict(
  functions: readonly FunctionResult[],
  figures: ReadonlyMap<string, GoalFigures>,
  met: (goal: GoalFigures) => boolean,
  figure: (goal: GoalFigures) => string,
): string {
  const goal = (result: FunctionResult) => figures.get(result.id) as GoalFigures;
  const missed = functions.filter((result) => !met(goal(result)));
  if (missed.length === 0) return `**met by all ${functions.length}** functions.`;
  const list = missed.map((result) => `\`${result.id}\` ${figure(goal(result))}`).join(', ');
  return `**met by ${functions.length - missed.length} of ${functions.length}**; missed by ${list}.`;
}

function observabilityCost(functions: readonly FunctionResult[]): string {
  const measured = functions.filter((result) => result.variants.length > 0);
  if (measured.length === 0) return 'Not measured in this run (`variantRoutes` in bench/run.ts).';
  const row =
    (label: string, bytes: number, cold: readonly number[], warm: readonly number[]) =>
    (result: FunctionResult) => [
      `\`${result.id}\` ${label}`,
      kb(bytes),
      ms(median(cold)),
      cold.length > 0 ? `${(median(cold) / median(result.cold.bare)).toFixed(2)}×` : '–',
      median(warm).toFixed(2),
      signed(median(warm) - median(result.warm.bareMs)),
    ];
  const rows = measured.flatMap((result) => [
    row('as deployed', result.bundle.bytes, result.cold.route, result.warm.routeMs)(result),
    ...result.variants.map((v) => row(v.label, v.bundle.bytes, v.coldMs, v.warmMs)(result)),
  ]);
  const costs = measured.map((result) => {
    const [inert, unlimited] = result.variants;
    const cold = median(result.cold.route) - median(inert?.coldMs ?? []);
    const warm = median(result.warm.routeMs) - median(inert?.warmMs ?? []);
    const limiter = median(result.warm.routeMs) - median(unlimited?.warmMs ?? []);
    return `\`${result.id}\`: Tracer and Metrics ${signed(cold)} cold, ${signed(warm)} warm p50, ${kb(result.bundle.bytes - (inert?.bundle.bytes ?? 0))} KB of bundle; the limiter ${signed(limiter)} warm p50`;
  });
  return [
    'Each function below ran again, in turns with its own runs, as a bundle whose Tracer and Metrics are inert stand-ins (same code, no X-Ray SDK, no EMF), and with the limiter off (`RATE_LIMITS=off`). Ratios and deltas are against the same bare handler.',
    '',
    table(['function', 'bundle KB', 'cold ms', '× bare', 'warm p50 ms', 'Δ bare'], rows),
    '',
    `What they cost: ${costs.join('; ')}. The limiter also adds its one conditional write to every request (1 WCU, $${prices.dynamodbWriteUnitsPerMillion.toFixed(3)} per million requests), which the bare handler replays too, so it sits inside the goals’ baseline. Observability is kept whatever it costs (issue 15); here is what it costs.`,
  ].join('\n');
}

export function renderReport(results: BenchResults): string {
  const { meta, functions } = results;
  const figures = new Map(functions.map((r) => [r.id, goalFigures(r, meta.memoryMb)]));
  const authorizer = functions.find((result) => result.id === 'authorizer');
  const costInput = (result: FunctionResult): CostInput => ({
    memoryMb: meta.memoryMb,
    warmMs: result.warm.routeMs,
    warmCpuMs: result.warm.routeCpuMs,
    coldMs: median(result.cold.route),
    logBytesPerInvocation: result.logBytesPerInvocation,
    readUnits: result.readUnits,
    writeUnits: result.writeUnits,
    sqsCalls: result.callsByService.sqs ?? 0,
  });
  const cost = (result: FunctionResult): string =>
    result.id === 'authorizer'
      ? '(in routes)'
      : `$${routeCost(costInput(result), result.auth === 'tenant' && authorizer ? costInput(authorizer) : undefined).toFixed(2)}`;
  const generic = functions.filter((result) => result.generic);
  const withIssues = functions.filter((result) => result.issues.length > 0);
  const sum = (phase: 'cold' | 'warm') =>
    functions.reduce((total, result) => total + result.seconds[phase], 0);

  return [
    '# What a request costs: each route against a bare handler making the same calls',
    '',
    `Generated by \`${meta.command}\` on ${meta.date.slice(0, 16).replace('T', ' ')} UTC (${meta.quick ? 'quick run: too few samples to judge the goals' : 'full run'}, commit ${meta.commit}) on ${meta.machine}. **Wall time ${meta.seconds} s** (cold rounds ${sum('cold').toFixed(0)} s, warm turns ${sum('warm').toFixed(0)} s, the rest building, seeding and the gateway); **load average ${meta.load[0].toFixed(1)} at the start, ${meta.load[1].toFixed(1)} at the end** (the machine was shared). Milliseconds are this machine’s against local emulators, not Lambda’s; each ratio compares figures taken in this run on the same emulators.`,
    '',
    '## Goals (issue 15)',
    '',
    `- **Cold start ≤ ${goals.coldRatio}× the bare-SDK handler doing the same calls** (median of ≥ ${goals.coldRuns} fresh processes; ${meta.coldRuns} here): ${verdict(
      functions,
      figures,
      (g) => g.coldMet,
      (g) => `${g.coldRatio.toFixed(2)}×`,
    )}`,
    `- **Warm p50 within ${goals.warmP50DeltaMs} ms of the bare handler**: ${verdict(
      functions,
      figures,
      (g) => g.warmMet,
      (g) => signed(g.warmDeltaMs),
    )}`,
    `- **Peak RSS ≤ ${goals.rssShare * 100} % of the function’s ${meta.memoryMb} MB**: ${verdict(
      functions,
      figures,
      (g) => g.rssMet,
      (g) => `${(g.rssShare * 100).toFixed(0)} %`,
    )}`,
    '',
    'A function that makes no AWS call (`health`, `openApi`) has the empty handler as its bare handler, so its cold-start ratio is its framework’s fixed cost over an empty process.',
    '',
    '## What Tracer, Metrics and the limiter cost',
    '',
    observabilityCost(functions),
    '',
    '## Every function',
    '',
    `Empty handler: cold start ${ms(median(results.empty.coldMs))} ms (median of ${results.empty.coldMs.length}), warm p50 ${median(results.empty.warmMs).toFixed(3)} ms. Cold: load plus first invocation, median (p90). Warm: ${meta.warmRuns} timed invocations. Bundle: minified KB (gzip).`,
    '',
    table(
      [
        'function',
        'cold ms fn / bare (p90)',
        '× bare',
        'warm p50 fn / bare',
        'warm p99 fn / bare',
        'peak RSS MB',
        'bundle KB / bare',
        'DynamoDB calls',
        'RCU / WCU',
        'other calls',
        '$ / M req',
      ],
      functions.map((result) => {
        const goal = figures.get(result.id) as GoalFigures;
        const [cold, warm] = [result.cold, result.warm];
        const others = Object.entries(result.callsByService).filter(([s]) => s !== 'dynamodb');
        const operations = result.dynamodbOperations.join(' → ');
        return [
          `\`${result.id}\` ${result.label}`,
          `${ms(median(cold.route))} / ${ms(median(cold.bare))} (${ms(percentile(cold.route, 90))} / ${ms(percentile(cold.bare, 90))})`,
          `${goal.coldRatio.toFixed(2)}×${goal.coldMet ? '' : ' ✗'}`,
          `${median(warm.routeMs).toFixed(2)} / ${median(warm.bareMs).toFixed(2)}${goal.warmMet ? '' : ' ✗'}`,
          `${ms(percentile(warm.routeMs, 99))} / ${ms(percentile(warm.bareMs, 99))}`,
          `${(result.maxRssBytes / 2 ** 20).toFixed(0)} (${(goal.rssShare * 100).toFixed(0)} %)${goal.rssMet ? '' : ' ✗'}`,
          `${kb(result.bundle.bytes)} (${kb(result.bundle.gzipBytes)}) / ${kb(result.bareBundle.bytes)}`,
          `${(result.callsByService.dynamodb ?? 0).toFixed(0)}${operations ? ` (${operations})` : ''}`,
          `${result.readUnits.toFixed(1)} / ${result.writeUnits.toFixed(1)}`,
          others.map(([service, calls]) => `${service} ${calls.toFixed(1)}`).join(', ') || '–',
          cost(result),
        ];
      }),
    ),
    '',
    '✗: a goal not met.',
    '',
    `Capacity as AWS bills it (DynamoDB Local charges a transaction 2 units per KB of all its items together; AWS per item, so transactions are re-costed). Cost: us-east-1 list prices of ${prices.asOf} (\`shared/costs/price-table.ts\`): API Gateway REST, Lambda arm64 at ${meta.memoryMb} MB (CPU time stretched by ${assumptions.fullVcpuMemoryMb}/memory, ${assumptions.coldStartRate * 100} % cold starts), DynamoDB on demand, SQS, CloudWatch Logs (the function’s own lines and EMF), ${assumptions.xraySampledShare * 100} % of requests traced; tenant routes pay the authorizer on the ${Math.round((1 - assumptions.authorizerCacheHitRate) * 100)} % of requests that miss its cache. Not per request, so not here: Cognito (per monthly active user), custom metrics (per metric-month), storage.`,
    '',
    '## How',
    '',
    'Every function is bundled with the esbuild options CDK uses (`lib/common/bundling.ts`; an infra test checks the bytes match). Requests: `bench/requests.ts`, one realistic request per route on a seeded tenant; a request that uses something up seeds its own first, through the API. Its **bare handler** is generated from the AWS calls the function makes: bare SDK clients and nothing else (the authorizer’s also verifies the token; the download’s also signs the URL). Each bare run replays exactly the calls the function’s run just sent, against a second table seeded alike, so both do the same work from the same items. The **empty handler** is the bare handler of no calls. Functions run as on Lambda with active tracing (every invocation sampled, segments sent to a local UDP socket), Metrics on, the limiter on.',
    '',
    `**Cold**: a fresh \`node\` process per run (booted before the clock starts, as Lambda’s runtime is), timed from importing the bundle to the end of the first invocation; function and bare handler in turns. A bare handler that makes the same calls in the same order as one already measured is the same program, so its ${meta.coldRuns} cold starts are measured once per run and compared with every such function (its runs are still replayed, untimed, to keep the tables alike). **Warm**: the function’s last cold process goes on, beside one bare process, in turns of 25 invocations after an untimed turn of 10. **Peak RSS**: that warm process’s.`,
    '',
    generic.length === 0
      ? 'Every route has a request of its own.'
      : `Measured with a generic request (no entry in \`bench/requests.ts\`, so they answer an error): ${generic.map((result) => `\`${result.id}\` (${Object.keys(result.statuses).join(', ')})`).join(', ')}.`,
    '',
    withIssues.length === 0
      ? 'No issues: every request answered as expected and every bare replay succeeded.'
      : ['Issues:', ...withIssues.map((r) => `- \`${r.id}\`: ${r.issues.join('; ')}`)].join('\n'),
    '',
    '## Gateway throughput',
    '',
    results.gateway.length === 0
      ? 'Not measured in this run.'
      : [
          'autocannon against the local gateway as `npm start` serves it (handlers from source in one process, the authorizer with its 60 s cache): what a laptop serves, not what API Gateway does.',
          '',
          table(
            ['route', 'clients', 'req/s', 'p50 / p99 ms', 'non-2xx'],
            results.gateway.map((row) => [
              row.label,
              String(row.connections),
              row.requestsPerSecond.toFixed(0),
              `${row.p50Ms} / ${row.p99Ms}`,
              String(row.non2xx),
            ]),
          ),
        ].join('\n'),
    '',
  ].join('\n');
}
