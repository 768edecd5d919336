/**
 * Cold-start driver, run with plain `node` in a fresh process per run: imports a bundle, invokes its
 * handler once with the event from a file, and writes the timings to a result file.
 * Usage: node cold.mjs <bundle> <event.json> <result.json> <function name>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '#dev/lambda-context.ts';
import { statusOf } from '../outcome.ts';
import type { ColdResult } from './protocol.ts';
import { countOutboundRequests } from './wire.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const [bundle = '', eventFile = '', resultFile = '', name = 'function'] = process.argv.slice(2);
const event: unknown = JSON.parse(readFileSync(eventFile, 'utf8'));
const wire = countOutboundRequests();

const cpuAtStart = process.cpuUsage();
const started = performance.now();
const module = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
const loaded = performance.now();
const cpuAtLoad = process.cpuUsage();
let outcome: { result?: unknown; error?: unknown };
try {
  outcome = { result: await module.handler(event, lambdaContext(name)) };
} catch (error) {
  outcome = { error };
}
const invoked = performance.now();
const cpuAtEnd = process.cpuUsage();
const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage): number =>
  (to.user - from.user + to.system - from.system) / 1000;

const memory = process.memoryUsage();
const result: ColdResult = {
  loadMs: loaded - started,
  firstInvokeMs: invoked - loaded,
  loadCpuMs: cpuMs(cpuAtStart, cpuAtLoad),
  firstInvokeCpuMs: cpuMs(cpuAtLoad, cpuAtEnd),
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
  status: statusOf(outcome),
  wire: wire.counts(),
};
writeFileSync(resultFile, JSON.stringify(result));
// Keep-alive sockets would hold the process open; a Lambda sandbox is frozen instead.
process.exit(0);
