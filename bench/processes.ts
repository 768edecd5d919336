/**
 * The driver processes: plain `node` with exactly the environment given (nothing of the bench's
 * own, such as tsx's loader), supervised by dev/processes.ts so none outlives the bench.
 */
import { spawn } from 'node:child_process';
import { type RunningProcess, superviseProcess } from '#dev/processes.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { DriverReply, Invocation } from './driver.ts';

const replyTimeoutMs = 120_000;

export interface Driver {
  readonly loadMs: number;
  run(events: readonly unknown[], bodies?: boolean): Promise<readonly Invocation[]>;
  /** Ends the process; its peak RSS and the bytes it logged. */
  finish(): Promise<{ readonly maxRssBytes: number; readonly logBytes: number }>;
}

/** The next reply of `type` from `child`; rejects if it fails, exits or takes too long. */
function reply<T extends DriverReply['type']>(
  child: RunningProcess,
  type: T,
): Promise<Extract<DriverReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.child.off('message', onMessage).off('exit', onExit);
    };
    const fail = (why: string): void => {
      done();
      reject(new Error(`${why}:\n${child.output().slice(-2000)}`));
    };
    const onMessage = (message: DriverReply): void => {
      if (message.type === 'failed') fail(`The driver failed: ${message.message}`);
      else if (message.type === type) {
        done();
        resolve(message as Extract<DriverReply, { type: T }>);
      }
    };
    const onExit = (): void => fail(`A driver exited while the bench waited for "${type}"`);
    const timer = setTimeout(
      () => fail(`No "${type}" within ${replyTimeoutMs} ms`),
      replyTimeoutMs,
    );
    child.child.on('message', onMessage).once('exit', onExit);
  });
}

/** Starts the driver on `bundle` and waits until the bundle is loaded. */
export async function startDriver(
  driver: string,
  bundle: string,
  name: string,
  env: Readonly<Record<string, string>>,
): Promise<Driver> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'].filter((key) => process.env[key] !== undefined);
  const child = superviseProcess(
    spawn(process.execPath, [driver, bundle, name], {
      cwd: repoRoot,
      env: { ...Object.fromEntries(keep.map((key) => [key, process.env[key]])), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  try {
    const { loadMs } = await reply(child, 'ready');
    return {
      loadMs,
      async run(events, bodies = false) {
        const ran = reply(child, 'ran');
        child.child.send({ type: 'run', events, bodies });
        return (await ran).invocations;
      },
      async finish() {
        const finished = reply(child, 'finished');
        child.child.send({ type: 'finish' });
        const { maxRssBytes, logBytes } = await finished;
        await child.stop();
        return { maxRssBytes, logBytes };
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
