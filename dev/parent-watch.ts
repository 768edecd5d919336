/**
 * npm does not pass SIGTERM on to the script it runs: `kill <npm pid>` would leave the backend and its
 * emulators running. So we watch the `npm` process we were started by (if any) and stop with it.
 */
import { execFileSync } from 'node:child_process';

function parentOf(pid: number): { ppid: number; command: string } | undefined {
  try {
    const line = execFileSync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)], {
      encoding: 'utf8',
    }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(line);
    return match?.[1] && match[2] !== undefined
      ? { ppid: Number(match[1]), command: match[2] }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the closest `npm` ancestor within a few levels (npm → sh → tsx → us), if any. */
function npmAncestor(): number | undefined {
  let pid = process.ppid;
  for (let level = 0; level < 4 && pid > 1; level++) {
    const info = parentOf(pid);
    if (!info) return undefined;
    if (info.command.startsWith('npm')) return pid;
    pid = info.ppid;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Calls `onExit` once the npm process that started us is gone; does nothing when npm did not start us. */
export function stopWithNpm(onExit: () => void, intervalMs = 1_000): void {
  const npm = npmAncestor();
  if (npm === undefined) return;
  const timer = setInterval(() => {
    if (isAlive(npm)) return;
    clearInterval(timer);
    onExit();
  }, intervalMs);
  timer.unref();
}
