/**
 * Child processes of the bench: plain `node` with exactly the environment given (nothing of the
 * bench's own, such as tsx's loader), supervised by dev/processes.ts so none outlives the bench.
 */
import { spawn } from 'node:child_process';
import { type RunningProcess, superviseProcess } from '#dev/processes.ts';
import type { ChildMessage } from './drivers/protocol.ts';

/** What every child keeps from the bench's environment. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'JAVA_HOME'];
  return Object.fromEntries(
    keep.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]])),
  ) as Record<string, string>;
}

export function startNode(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
  options: { ipc?: boolean; cwd?: string } = {},
): RunningProcess {
  return superviseProcess(
    spawn(process.execPath, [...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...baseEnv(), ...env },
      stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** Resolves with the exit code; kills the child and rejects after `timeoutMs`. */
export function exitOf(child: RunningProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void child.stop();
      reject(new Error(`A bench process ran longer than ${timeoutMs} ms:\n${child.output()}`));
    }, timeoutMs);
    const done = (): void => {
      clearTimeout(timer);
      resolve(child.child.exitCode);
    };
    if (child.child.exitCode !== null || child.child.signalCode !== null) done();
    else child.child.once('exit', done);
  });
}

/** The next IPC message of `type` from `child`; rejects if it fails, exits or takes too long. */
export function nextMessage<T extends ChildMessage['type'] | 'listening'>(
  child: RunningProcess,
  type: T,
  timeoutMs: number,
): Promise<Extract<ChildMessage, { type: T }> | { type: 'listening'; port: number }> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.child.off('message', onMessage);
      child.child.off('exit', onExit);
    };
    const onMessage = (message: { type?: string; message?: string }): void => {
      if (message.type === 'failed') {
        cleanup();
        reject(new Error(`Driver failed: ${message.message}\n${child.output()}`));
      } else if (message.type === type) {
        cleanup();
        resolve(message as Extract<ChildMessage, { type: T }>);
      }
    };
    const onExit = (): void => {
      cleanup();
      reject(
        new Error(
          `A bench process exited while the bench waited for "${type}":\n${child.output()}`,
        ),
      );
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(
        new Error(`No "${type}" from a bench process within ${timeoutMs} ms:\n${child.output()}`),
      );
    }, timeoutMs);
    child.child.on('message', onMessage);
    child.child.once('exit', onExit);
  });
}
