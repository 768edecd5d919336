/**
 * `--cpu-profile`: where a warm request's CPU goes, by package, for a function and its bare
 * baseline. Reads the V8 CPU profiles the warm driver records over the timed invocations and maps
 * each sample to its source through the bundle's source map.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workDir } from './config.ts';
import { packageOf } from './package-names.ts';

export interface CpuShare {
  /** A package (`@smithy/core`), our own code (`app: shared`), or Node itself (`node`). */
  readonly name: string;
  readonly usPerRequest: number;
}

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Samples V8 takes while the thread waits; they are no request's CPU. */
const notBusy = new Set(['(idle)', '(root)']);

/** The package of a sample's source, with the bench's own code named for what it is. */
export function sampleSourceName(source: string): string {
  if (source.includes('baseline-sources/')) return 'bare handler';
  if (source.includes('bench/.work/drivers/')) return 'bench driver';
  return packageOf(source);
}

async function sourceMapOf(bundleFile: string): Promise<SourceMap | undefined> {
  const mapFile = `${bundleFile}.map`;
  if (!existsSync(mapFile)) return undefined;
  return new SourceMap(JSON.parse(await readFile(mapFile, 'utf8')));
}

/** CPU per request by package, largest first, over `requests` profiled invocations. */
export async function cpuByPackage(
  profileFile: string,
  bundleFile: string,
  requests: number,
): Promise<CpuShare[]> {
  const profile = JSON.parse(await readFile(profileFile, 'utf8')) as CpuProfile;
  const map = await sourceMapOf(bundleFile);
  const bundleUrl = pathToFileURL(bundleFile).href;
  const nameOf = (frame: CallFrame): string => {
    if (frame.url === '') return frame.functionName.startsWith('(') ? frame.functionName : 'node';
    if (frame.url.startsWith('node:')) return 'node';
    if (frame.url === bundleUrl && map) {
      const entry = map.findEntry(frame.lineNumber, frame.columnNumber);
      if ('originalSource' in entry) return sampleSourceName(entry.originalSource);
    }
    return sampleSourceName(frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url);
  };
  const names = new Map(profile.nodes.map((node) => [node.id, nameOf(node.callFrame)]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const name = names.get(id) ?? '?';
    // timeDeltas[i] is the time since sample i - 1, so sample i lasted until sample i + 1.
    const us = profile.timeDeltas[index + 1] ?? 0;
    if (!notBusy.has(name)) totals.set(name, (totals.get(name) ?? 0) + us);
  });
  return [...totals]
    .map(([name, us]) => ({ name, usPerRequest: us / Math.max(1, requests) }))
    .sort((a, b) => b.usPerRequest - a.usPerRequest);
}

/** A Markdown table of the function's packages beside its baseline's, with the difference. */
export function cpuShareTable(
  functionId: string,
  route: readonly CpuShare[],
  bare: readonly CpuShare[],
): string {
  const bareByName = new Map(bare.map((share) => [share.name, share.usPerRequest]));
  const names = [...new Set([...route.map((s) => s.name), ...bare.map((s) => s.name)])];
  const routeByName = new Map(route.map((share) => [share.name, share.usPerRequest]));
  const rows = names
    .map((name) => ({
      name,
      fn: routeByName.get(name) ?? 0,
      bare: bareByName.get(name) ?? 0,
    }))
    .filter((row) => row.fn >= 1 || row.bare >= 1)
    .sort((a, b) => b.fn - b.bare - (a.fn - a.bare));
  const sum = (shares: readonly CpuShare[]): number =>
    shares.reduce((total, share) => total + share.usPerRequest, 0);
  const us = (value: number): string => value.toFixed(0);
  return [
    `### \`${functionId}\`: CPU µs per warm request, by package (sampled; the profiler slows both sides)`,
    '',
    '| package | function | bare | difference |',
    '| --- | --- | --- | --- |',
    `| **all** | ${us(sum(route))} | ${us(sum(bare))} | ${us(sum(route) - sum(bare))} |`,
    ...rows.map(
      (row) => `| ${row.name} | ${us(row.fn)} | ${us(row.bare)} | ${us(row.fn - row.bare)} |`,
    ),
    '',
  ].join('\n');
}

export interface CpuProfileFiles {
  readonly route: string;
  readonly bare: string;
  /** The Markdown table of both, beside the profiles. */
  readonly summary: string;
}

/** Where the warm driver writes the profiles of `functionId` and its baseline (gitignored). */
export async function cpuProfileFiles(functionId: string): Promise<CpuProfileFiles> {
  const dir = join(workDir, 'profiles');
  await mkdir(dir, { recursive: true });
  return {
    route: join(dir, `${functionId}.cpuprofile`),
    bare: join(dir, `${functionId}-bare.cpuprofile`),
    summary: join(dir, `${functionId}.md`),
  };
}

/** Reads both profiles, writes their table to `files.summary` and returns it. */
export async function summarizeCpuProfiles(
  functionId: string,
  files: CpuProfileFiles,
  bundles: { readonly route: string; readonly bare: string },
  requests: { readonly route: number; readonly bare: number },
): Promise<string> {
  const [route, bare] = await Promise.all([
    cpuByPackage(files.route, bundles.route, requests.route),
    cpuByPackage(files.bare, bundles.bare, requests.bare),
  ]);
  const table = cpuShareTable(functionId, route, bare);
  await writeFile(files.summary, table);
  return table;
}
