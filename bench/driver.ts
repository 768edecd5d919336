/**
 * Runs one bundle in a process of its own, as Lambda would: imports it (timed: the cold start's
 * load), then invokes its handler with the events the bench sends over IPC, timing each invocation
 * (wall and CPU) and keeping the AWS calls each one sent. At the end it reports peak memory and the
 * bytes the function logged. With LAMBDA_TASK_ROOT set it plays Lambda's active tracing too: a
 * fresh sampled X-Ray trace header per invocation, as Lambda sets it. Bundled by bench/build.ts and
 * run with plain `node`.
 * Usage: node driver.mjs <bundle> <function name>
 */
import { randomBytes } from 'node:crypto';
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
  | { readonly type: 'run'; readonly events: readonly unknown[]; readonly bodies?: boolean }
  | { readonly type: 'finish' };

export type DriverReply =
  | { readonly type: 'ready'; readonly loadMs: number }
  | { readonly type: 'ran'; readonly invocations: readonly Invocation[] }
  | { readonly type: 'finished'; readonly maxRssBytes: number; readonly logBytes: number }
  | { readonly type: 'failed'; readonly message: string };

/**
 * A proxy result's statusCode; for the authorizer 200 for a policy and 401 for API Gateway's
 * "Unauthorized"; 500 for anything else thrown or returned.
 */
export function statusOf(outcome: { result?: unknown; error?: unknown }): number {
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

function send(reply: DriverReply, then?: () => void): void {
  process.send?.(reply, undefined, undefined, () => then?.());
}

async function main(): Promise<void> {
  const [bundle = '', name = 'function'] = process.argv.slice(2);
  // What the function logs is its CloudWatch volume; it is still written, as Lambda's writes cost too.
  let logBytes = 0;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      logBytes +=
        typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length;
      return write(chunk, ...rest);
    }) as typeof stream.write;
  }
  // Route and bare handler both record their calls, so recording costs each side alike.
  const wire = recordAwsCalls();
  const started = performance.now();
  const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: Handler };
  send({ type: 'ready', loadMs: performance.now() - started });

  const run = async (events: readonly unknown[], bodies: boolean): Promise<Invocation[]> => {
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
  };

  process.on('message', (request: DriverRequest) => {
    if (request.type === 'finish') {
      const maxRssBytes = process.resourceUsage().maxRSS * 1024;
      send({ type: 'finished', maxRssBytes, logBytes }, () => process.exit(0));
      return;
    }
    run(request.events, request.bodies === true).then(
      (invocations) => send({ type: 'ran', invocations }),
      (error: unknown) => send({ type: 'failed', message: String(error) }),
    );
  });
}

void main();
