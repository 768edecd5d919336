/**
 * One measured process, run with plain `node` as Lambda runs a function: it boots, then on the
 * bench's word imports a bundle (timed: the cold start's load) and invokes its handler with the
 * events the bench sends over IPC, timing each invocation (wall and CPU) and keeping the AWS calls
 * each one sent. At the end it reports peak memory and the bytes the function logged. With
 * LAMBDA_TASK_ROOT set it plays Lambda's active tracing: a fresh sampled X-Ray trace header per
 * invocation. Bundled by bench/build.ts.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { lambdaContext } from '#dev/lambda-context.ts';
import { recordAwsCalls, type WireCall } from './wire.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

export interface Invocation {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly status: number;
  readonly calls: readonly WireCall[];
  /** The response body, when the bench asked for it. */
  readonly body?: string;
}

export type DriverRequest =
  | { readonly type: 'load'; readonly bundle: string }
  | { readonly type: 'run'; readonly events: readonly unknown[]; readonly bodies?: boolean }
  | { readonly type: 'finish' };

export type DriverReply =
  | { readonly type: 'booted' }
  | { readonly type: 'loaded'; readonly loadMs: number }
  | { readonly type: 'ran'; readonly invocations: readonly Invocation[] }
  | { readonly type: 'finished'; readonly maxRssBytes: number; readonly logBytes: number }
  | { readonly type: 'failed'; readonly message: string };

/** A proxy result's statusCode; the authorizer's 200 for a policy, 401 for "Unauthorized"; else 500. */
function statusOf(outcome: { result?: unknown; error?: unknown }): number {
  if (outcome.error !== undefined) {
    return outcome.error instanceof Error && outcome.error.message === 'Unauthorized' ? 401 : 500;
  }
  const result = outcome.result as { statusCode?: unknown; policyDocument?: unknown } | undefined;
  if (typeof result?.statusCode === 'number') return result.statusCode;
  return result?.policyDocument === undefined ? 500 : 200;
}

/** A sampled trace header as Lambda sets it in `_X_AMZN_TRACE_ID` for each invocation. */
function traceHeader(): string {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  return `Root=1-${epoch}-${randomBytes(12).toString('hex')};Parent=${randomBytes(8).toString('hex')};Sampled=1`;
}

const send = (reply: DriverReply, then?: () => void): void =>
  void process.send?.(reply, undefined, undefined, () => then?.());

// What the function logs is its CloudWatch volume; it is still written, as Lambda's writes cost too.
let logBytes = 0;
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
    logBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length;
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
// Route and bare handler both record their calls, so recording costs each side alike.
const wire = recordAwsCalls();
const name = process.argv[2] ?? 'function';
let handler: Handler = () => Promise.reject(new Error('No bundle loaded'));

async function run(events: readonly unknown[], bodies: boolean): Promise<Invocation[]> {
  const invocations: Invocation[] = [];
  for (const event of events) {
    if (process.env.LAMBDA_TASK_ROOT !== undefined) process.env._X_AMZN_TRACE_ID = traceHeader();
    const cpu = process.cpuUsage();
    const begin = performance.now();
    let outcome: { result?: unknown; error?: unknown };
    try {
      outcome = { result: await handler(event, lambdaContext(name)) };
    } catch (error) {
      outcome = { error };
    }
    const wallMs = performance.now() - begin;
    const used = process.cpuUsage(cpu);
    const body = (outcome.result as { body?: unknown } | undefined)?.body;
    invocations.push({
      wallMs,
      cpuMs: (used.user + used.system) / 1000,
      status: statusOf(outcome),
      calls: wire.take(),
      ...(bodies && typeof body === 'string' && { body }),
    });
  }
  return invocations;
}

async function answer(request: DriverRequest): Promise<DriverReply> {
  if (request.type === 'load') {
    const started = performance.now();
    ({ handler } = (await import(pathToFileURL(request.bundle).href)) as { handler: Handler });
    return { type: 'loaded', loadMs: performance.now() - started };
  }
  if (request.type === 'run')
    return { type: 'ran', invocations: await run(request.events, request.bodies === true) };
  return { type: 'finished', maxRssBytes: peakRssBytes(), logBytes };
}

/**
 * The process's own peak RSS: on Linux its VmHWM, since getrusage's maxRSS survives fork and exec
 * and so reports at least the RSS the bench itself had when it spawned this process.
 */
function peakRssBytes(): number {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return (kb === undefined ? process.resourceUsage().maxRSS : Number(kb)) * 1024;
}

process.on('message', (request: DriverRequest) => {
  answer(request).then(
    (reply) => send(reply, reply.type === 'finished' ? () => process.exit(0) : undefined),
    (error: unknown) => send({ type: 'failed', message: String(error) }),
  );
});
send({ type: 'booted' });
