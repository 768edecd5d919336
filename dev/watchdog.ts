/**
 * Spawns a child that dies with us, however we die: a tiny sh wrapper holds a pipe from this
 * process and kills the child when the pipe closes (our exit, crash, SIGKILL, or `npm` exiting
 * without forwarding SIGTERM), and also forwards SIGTERM/SIGINT to it.
 */
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';

const guard = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'child=$!',
  '( while read -r _ <&3; do :; done; kill "$child" 2>/dev/null ) &',
  'trap \'kill "$child" 2>/dev/null\' TERM INT',
  'wait "$child"',
  // wait returns early when a trapped signal arrives; wait again so the child is gone when we exit.
  'wait "$child"',
].join('\n');

export function spawnGuarded(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): ChildProcess {
  return spawn('sh', ['-c', guard, 'watchdog', command, ...args], {
    ...options,
    // stdin must be our pipe: it is what tells the guard we are gone. Output is always captured.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}
