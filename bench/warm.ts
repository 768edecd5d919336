/**
 * Warm latency and memory (items 3 and 4): a function's bundle and its bare baseline each run in a
 * process of their own (so each one's memory is its own) and take turns, a few invocations at a
 * time, so both see the same machine at the same moments and the overhead ratio holds on a noisy
 * machine. The route goes first in every turn: the baseline's turn replays the calls the route's
 * turn has just sent.
 */
import type { RunningProcess } from '#dev/processes.ts';
import type { TurnResult, WarmFinish } from './drivers/protocol.ts';
import type { WireCall } from './drivers/wire.ts';
import { nextMessage, startNode } from './processes.ts';

export interface WarmSide {
  readonly functionName: string;
  readonly bundle: string;
  readonly env: Readonly<Record<string, string>>;
  /** The event of request `index`. */
  event(index: number): unknown;
  /** Told the AWS calls request `index` sent, before the other side's turn. */
  sent?(index: number, calls: readonly WireCall[]): void;
}

export interface WarmPlan {
  /** The first request index the warm run uses. */
  readonly firstIndex: number;
  /** Untimed invocations first (module caches, JIT, connections). */
  readonly warmUp: number;
  readonly timed: number;
  /** Invocations per turn. */
  readonly turn: number;
  /** Record a CPU profile of the turns with timed invocations (`--cpu-profile`). */
  readonly profile?: boolean;
}

export interface WarmSideResult {
  readonly loadMs: number;
  /** Timed invocations only. */
  readonly wallMs: readonly number[];
  readonly cpuMs: readonly number[];
  /** Statuses of every invocation, warm-up included. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly finish: WarmFinish;
}

const messageTimeoutMs = 120_000;

async function startSide(
  side: WarmSide,
  driver: string,
): Promise<{ child: RunningProcess; loadMs: number }> {
  const child = startNode([driver, side.bundle, side.functionName], side.env, { ipc: true });
  try {
    const ready = await nextMessage(child, 'ready', messageTimeoutMs);
    return { child, loadMs: 'loadMs' in ready ? ready.loadMs : Number.NaN };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function runTurn(
  child: RunningProcess,
  events: unknown[],
  profile: boolean,
): Promise<TurnResult> {
  const reply = nextMessage(child, 'ran', messageTimeoutMs);
  child.child.send({ type: 'run', events, profile });
  return (await reply) as TurnResult;
}

export async function runWarmPair(
  route: WarmSide,
  baseline: WarmSide,
  plan: WarmPlan,
  driver: string,
): Promise<{ route: WarmSideResult; baseline: WarmSideResult }> {
  const started: RunningProcess[] = [];
  try {
    const sides = [route, baseline] as const;
    const running = [];
    for (const side of sides) {
      const { child, loadMs } = await startSide(side, driver);
      started.push(child);
      running.push({
        side,
        child,
        loadMs,
        wallMs: [] as number[],
        cpuMs: [] as number[],
        statuses: {} as Record<string, number>,
      });
    }
    const total = plan.warmUp + plan.timed;
    for (let offset = 0; offset < total; offset += plan.turn) {
      const size = Math.min(plan.turn, total - offset);
      for (const entry of running) {
        const events = Array.from({ length: size }, (_, i) =>
          entry.side.event(plan.firstIndex + offset + i),
        );
        const profile = plan.profile === true && offset + size > plan.warmUp;
        const result = await runTurn(entry.child, events, profile);
        result.wallMs.forEach((ms, i) => {
          if (offset + i >= plan.warmUp) {
            entry.wallMs.push(ms);
            entry.cpuMs.push(result.cpuMs[i] ?? Number.NaN);
          }
        });
        for (const status of result.statuses)
          entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
        result.calls.forEach((calls, i) => {
          entry.side.sent?.(plan.firstIndex + offset + i, calls);
        });
      }
    }
    const results = [];
    for (const entry of running) {
      const finished = nextMessage(entry.child, 'finished', messageTimeoutMs);
      entry.child.child.send({ type: 'finish' });
      results.push({
        loadMs: entry.loadMs,
        wallMs: entry.wallMs,
        cpuMs: entry.cpuMs,
        statuses: entry.statuses,
        finish: (await finished) as WarmFinish,
      });
    }
    const [routeResult, baselineResult] = results;
    if (routeResult === undefined || baselineResult === undefined)
      throw new Error('warm run lost a side');
    return { route: routeResult, baseline: baselineResult };
  } finally {
    await Promise.all(started.map((child) => child.stop()));
  }
}
