/**
 * Warm driver, run with plain `node` and an IPC channel: imports one bundle, then invokes it with
 * the events the bench sends, turn by turn, timing each invocation (wall and CPU) and keeping the
 * AWS calls each one sent, and reports memory, log volume and outbound calls at the end. Only this
 * bundle lives in the process, so its memory is the function's own. With BENCH_CPU_PROFILE set
 * (`--cpu-profile`), it also records a V8 CPU profile of the turns the bench marks as profiled and
 * writes it to that path at the end.
 * Usage: node warm.mjs <bundle> <function name>
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '#dev/lambda-context.ts';
import { statusOf } from '../outcome.ts';
import type { ChildMessage, ParentMessage } from './protocol.ts';
import { recordOutboundRequests, type WireCall } from './wire.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

const [bundle = '', name = 'function'] = process.argv.slice(2);

function send(message: ChildMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, () => then?.());
}

/** Counts what the function logs, and still writes it (Lambda's log writes cost time too). */
let logBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    logBytes +=
      typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).byteLength;
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

// Both sides record their calls, so the cost of recording is the same on each side of a ratio.
const wire = recordOutboundRequests();
const started = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
send({ type: 'ready', loadMs: performance.now() - started });

let invocations = 0;
let rssAfterFirstBytes = 0;

const profilePath = process.env.BENCH_CPU_PROFILE;
let profiler: Session | undefined;
let profiledInvocations = 0;

async function startProfiler(): Promise<Session> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 100 µs: a warm request is 1-2 ms, so each one gets a dozen samples or more.
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return session;
}

async function writeProfile(): Promise<void> {
  if (profiler === undefined || profilePath === undefined) return;
  const { profile } = await profiler.post('Profiler.stop');
  await writeFile(profilePath, JSON.stringify(profile));
}

async function run(events: readonly unknown[], profile: boolean): Promise<void> {
  if (profile && profilePath !== undefined) profiler ??= await startProfiler();
  const wallMs: number[] = [];
  const cpuMs: number[] = [];
  const statuses: number[] = [];
  const calls: WireCall[][] = [];
  for (const event of events) {
    const cpu = process.cpuUsage();
    const begin = performance.now();
    let outcome: { result?: unknown; error?: unknown };
    try {
      outcome = { result: await handler(event, lambdaContext(name)) };
    } catch (error) {
      outcome = { error };
    }
    wallMs.push(performance.now() - begin);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    statuses.push(statusOf(outcome));
    calls.push(wire.take());
    invocations++;
    if (profiler) profiledInvocations++;
    if (invocations === 1) rssAfterFirstBytes = process.memoryUsage().rss;
  }
  send({ type: 'ran', wallMs, cpuMs, statuses, calls });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'run') {
    run(message.events, message.profile === true).catch((error: unknown) =>
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  writeProfile().then(finish, (error: unknown) =>
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});

function finish(): void {
  const memory = process.memoryUsage();
  send(
    {
      type: 'finished',
      invocations,
      rssAfterFirstBytes,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      logBytes,
      wire: wire.counts(),
      profiledInvocations,
    },
    () => process.exit(0),
  );
}
