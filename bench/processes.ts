/**
 * The driver processes: plain `node` with exactly the environment given (nothing of the bench's
 * own, such as tsx's loader), supervised by dev/processes.ts so none outlives the bench.
 */
import { spawn } from 'node:child_process';
import { type RunningProcess, superviseProcess } from '#dev/processes.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { DriverReply, Invocation } from './driver.ts';

const replyTimeoutMs = 120_000;

/** What every child keeps of the bench's environment. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'];
  return Object.fromEntries(
    keep.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
  );
}

export function startNode(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): RunningProcess {
  return superviseProcess(
    spawn(process.execPath, [...args], {
      cwd: repoRoot,
      env: { ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
}

/** The next IPC message of `type` from `child`; rejects if it fails, exits or takes too long. */
export function nextMessage<T extends { type: string }>(
  child: RunningProcess,
  type: T['type'],
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.child.off('message', onMessage);
      child.child.off('exit', onExit);
    };
    const fail = (why: string): void => {
      done();
      reject(new Error(`${why}:\n${child.output().slice(-2000)}`));
    };
    const onMessage = (message: { type?: string; message?: string }): void => {
      if (message.type === 'failed') fail(`The driver failed: ${message.message}`);
      else if (message.type === type) {
        done();
        resolve(message as T);
      }
    };
    const onExit = (): void => fail(`A bench process exited while the bench waited for "${type}"`);
    const timer = setTimeout(
      () => fail(`No "${type}" within ${replyTimeoutMs} ms`),
      replyTimeoutMs,
    );
    child.child.on('message', onMessage);
    child.child.once('exit', onExit);
  });
}

export interface Driver {
  readonly loadMs: number;
  run(events: readonly unknown[], bodies?: boolean): Promise<readonly Invocation[]>;
  /** Ends the process; its peak RSS and the bytes it logged. */
  finish(): Promise<{ readonly maxRssBytes: number; readonly logBytes: number }>;
}

/** Starts the driver on `bundle` and waits until the bundle is loaded. */
export async function startDriver(
  driver: string,
  bundle: string,
  name: string,
  env: Readonly<Record<string, string>>,
): Promise<Driver> {
  const child = startNode([driver, bundle, name], env);
  try {
    const { loadMs } = await nextMessage<Extract<DriverReply, { type: 'ready' }>>(child, 'ready');
    return {
      loadMs,
      async run(events, bodies = false) {
        const reply = nextMessage<Extract<DriverReply, { type: 'ran' }>>(child, 'ran');
        child.child.send({ type: 'run', events, bodies });
        return (await reply).invocations;
      },
      async finish() {
        const reply = nextMessage<Extract<DriverReply, { type: 'finished' }>>(child, 'finished');
        child.child.send({ type: 'finish' });
        const { maxRssBytes, logBytes } = await reply;
        await child.stop();
        return { maxRssBytes, logBytes };
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
