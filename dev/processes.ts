/** Child processes of the local runtime: started with their output captured, stopped for certain on exit. */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { spawnGuarded } from './watchdog.ts';

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not allocate a port'));
      });
    });
  });
}

export interface RunningProcess {
  readonly child: ChildProcess;
  /** The last lines it printed, for error messages. */
  output(): string;
  /**
   * Settles with a report (exit code or signal, last output) if the process ends without stop()
   * being called; stays pending otherwise. How `npm start` notices an emulator that died.
   */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

const never = new Promise<never>(() => undefined);

const running = new Set<ChildProcess>();

/** Last resort: on a synchronous exit no await can run, so kill whatever is still alive. */
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): RunningProcess {
  return superviseProcess(
    spawnGuarded(command, args, { cwd: options.cwd, env: options.env ?? process.env }),
  );
}

/** Keeps the tail of a child's output and stops it with SIGTERM, then SIGKILL after 5 s. */
export function superviseProcess(child: ChildProcess): RunningProcess {
  running.add(child);
  const tail: string[] = [];
  const remember = (chunk: Buffer): void => {
    tail.push(chunk.toString('utf8'));
    if (tail.length > 50) tail.shift();
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);
  let stopping = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal === null ? `exit code ${code}` : `signal ${signal}`);
    });
  });
  return {
    child,
    output: () => tail.join(''),
    died: exited.then((how) => (stopping ? never : `${how}; its last output:\n${tail.join('')}`)),
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until `probe` resolves true, or fails with the process output after `timeoutMs`. */
export async function waitUntilReady(
  name: string,
  probe: () => Promise<boolean>,
  process: RunningProcess | undefined,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process && process.child.exitCode !== null) {
      throw new Error(`${name} exited early:\n${process.output()}`);
    }
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${name} was not ready after ${timeoutMs} ms:\n${process?.output() ?? ''}`);
}

/** True once anything answers HTTP on the URL. */
export async function answersHttp(url: string, init?: RequestInit): Promise<boolean> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(1_000) });
  await response.arrayBuffer();
  return true;
}
