/**
 * Cold starts (item 2): every target (function, function with the source-map setting flipped, its bare baseline,
 * the empty handler) is started in a fresh `node` process per run. Runs go round by round through
 * all targets, so a noisy moment hits every target alike and the ratios hold.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { workDir } from './config.ts';
import type { ColdResult } from './drivers/protocol.ts';
import { exitOf, startNode } from './processes.ts';

export interface ColdTarget {
  /** e.g. `getMe`, `getMe flipped-source-maps`, `getMe bare`, `empty`. */
  readonly key: string;
  readonly functionName: string;
  readonly bundle: string;
  readonly env: Readonly<Record<string, string>>;
  readonly runs: number;
  /** The event of run `run`. */
  event(run: number): unknown;
}

const runTimeoutMs = 60_000;

export async function runColdStarts(
  targets: readonly ColdTarget[],
  driver: string,
  onRound: (round: number, rounds: number) => void,
): Promise<Map<string, ColdResult[]>> {
  const dir = join(workDir, 'cold');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const results = new Map<string, ColdResult[]>(targets.map((target) => [target.key, []]));
  const rounds = Math.max(0, ...targets.map((target) => target.runs));
  for (let round = 0; round < rounds; round++) {
    onRound(round, rounds);
    // Rotate the order every round, so no target always follows the same neighbour.
    const order = targets.map((_, index) => targets[(index + round) % targets.length]);
    for (const [position, target] of order.entries()) {
      if (target === undefined || round >= target.runs) continue;
      const eventFile = join(dir, `event-${round}-${position}.json`);
      const resultFile = join(dir, `result-${round}-${position}.json`);
      await writeFile(eventFile, JSON.stringify(target.event(round)));
      const child = startNode(
        [driver, target.bundle, eventFile, resultFile, target.functionName],
        target.env,
      );
      const code = await exitOf(child, runTimeoutMs);
      if (code !== 0)
        throw new Error(`Cold start of ${target.key} exited with ${code}:\n${child.output()}`);
      const result = JSON.parse(await readFile(resultFile, 'utf8')) as ColdResult;
      results.get(target.key)?.push(result);
    }
  }
  return results;
}
