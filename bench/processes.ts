/**
 * The driver processes, seen from the bench: plain `node` with exactly the environment given
 * (nothing of the bench's own, such as tsx's loader), supervised by dev/processes.ts so none
 * outlives the bench. Booting is apart from loading, so a process boots while requests are seeded.
 */
import { spawn } from 'node:child_process';
import { type RunningProcess, superviseProcess } from '#dev/processes.ts';
import { repoRoot } from '#lib/common/paths.ts';
import type { DriverReply, DriverRequest, Invocation } from './driver.ts';

const replyTimeoutMs = 120_000;

export interface Driver {
  /** Imports `bundle`; how long that took, in ms. */
  load(bundle: string): Promise<number>;
  run(events: readonly unknown[], bodies?: boolean): Promise<readonly Invocation[]>;
  /** Ends the process; its peak RSS and the bytes it logged. */
  finish(): Promise<{ readonly maxRssBytes: number; readonly logBytes: number }>;
  stop(): Promise<void>;
}

type Reply<T extends DriverReply['type']> = Extract<DriverReply, { type: T }>;

/** The next reply of `child`, which must be of `type`; rejects if it fails, exits or takes too long. */
function reply<T extends DriverReply['type']>(child: RunningProcess, type: T): Promise<Reply<T>> {
  return new Promise((resolve, reject) => {
    const off = (): void => {
      clearTimeout(timer);
      child.child.off('message', onMessage).off('exit', onExit);
    };
    const fail = (why: string): void => {
      off();
      reject(new Error(`${why}:\n${child.output().slice(-2000)}`));
    };
    const onMessage = (message: DriverReply): void => {
      if (message.type !== type) fail(`The driver answered ${JSON.stringify(message)}`);
      else {
        off();
        resolve(message as Reply<T>);
      }
    };
    const onExit = (): void => fail(`A driver exited while the bench waited for "${type}"`);
    const timer = setTimeout(
      () => fail(`No "${type}" within ${replyTimeoutMs} ms`),
      replyTimeoutMs,
    );
    child.child.once('message', onMessage).once('exit', onExit);
  });
}

/** Starts a driver process named `name` and waits until it has booted. */
export async function bootDriver(
  driver: string,
  name: string,
  env: Readonly<Record<string, string>>,
): Promise<Driver> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR'].filter((key) => process.env[key] !== undefined);
  const child = superviseProcess(
    spawn(process.execPath, [driver, name], {
      cwd: repoRoot,
      env: { ...Object.fromEntries(keep.map((key) => [key, process.env[key]])), ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    }),
  );
  const ask = <T extends DriverReply['type']>(request: DriverRequest, type: T) => {
    const answered = reply(child, type);
    child.child.send(request);
    return answered;
  };
  try {
    await reply(child, 'booted');
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    load: async (bundle) => (await ask({ type: 'load', bundle }, 'loaded')).loadMs,
    run: async (events, bodies = false) =>
      (await ask({ type: 'run', events, bodies }, 'ran')).invocations,
    async finish() {
      const { maxRssBytes, logBytes } = await ask({ type: 'finish' }, 'finished');
      await child.stop();
      return { maxRssBytes, logBytes };
    },
    stop: () => child.stop(),
  };
}
