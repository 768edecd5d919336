/**
 * The README runs as pasted. Every walk-through block of README.md is run, in file order, in one
 * bash shell against one real `npm start` (its own emulators, PORT on a free port), and every status
 * and header the text claims is checked. A README change that breaks a walk-through fails here.
 *
 * The convention (README.md, "Contributing: walk-throughs that run"):
 * - A walk-through block is a fenced block whose info string is `bash walkthrough` (GitHub shows it
 *   as bash). Plain `bash` blocks are shown, not run. Blocks share one shell, so variables set in
 *   one (API, TOKEN, …) are there in the next; the shell starts in the repository with only PATH,
 *   HOME and PORT set, as a reader's terminal would.
 * - Each line is one command; a line ending in `\` continues on the next. Every command must exit 0.
 * - A comment line right after a command that starts with `# →` is what the command claims:
 *   `# → 201` — the output shows HTTP status 201 (`curl -i`, or a code printed by
 *   `-w '%{http_code}'`); then any number of `[Header-Name: value]`: the output has that header with
 *   that value, where `…` stands for anything (`[Location: /v1/projects/…]`). Anything else on the
 *   line (a body sketch) is for the reader and is not checked. Other comments are not checked.
 * - A command waits for what happens in the background itself (`until …; do sleep 0.5; done`): the
 *   runner gives each command 60 s.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const rootDir = fileURLToPath(new URL('../..', import.meta.url));
const commandTimeoutMs = 60_000;

interface WalkthroughCommand {
  readonly line: number;
  readonly command: string;
  readonly status?: number;
  readonly headers: readonly { readonly name: string; readonly value: string }[];
}

/** The commands of every `bash walkthrough` block of a Markdown text, with their claims. */
function walkthroughCommands(markdown: string): WalkthroughCommand[] {
  const lines = markdown.split('\n');
  const commands: WalkthroughCommand[] = [];
  let inBlock = false;
  let pending: { line: number; text: string } | undefined;
  lines.forEach((text, index) => {
    const fence = /^```(.*)$/.exec(text.trim());
    if (fence) {
      inBlock = !inBlock && fence[1]?.trim() === 'bash walkthrough';
      return;
    }
    if (!inBlock) return;
    if (pending) {
      pending.text += `\n${text}`;
      if (!text.endsWith('\\')) {
        commands.push({ line: pending.line, command: pending.text, headers: [] });
        pending = undefined;
      }
      return;
    }
    const claim = /^\s*# → (\d{3})(.*)$/.exec(text);
    const last = commands.at(-1);
    if (claim && last && last.status === undefined) {
      commands[commands.length - 1] = {
        ...last,
        status: Number(claim[1]),
        headers: [...(claim[2] ?? '').matchAll(/\[([A-Za-z-]+): ([^\]]*)\]/g)].map(
          ([, name = '', value = '']) => ({ name, value }),
        ),
      };
      return;
    }
    if (text.trim() === '' || text.trim().startsWith('#')) return;
    if (text.endsWith('\\')) pending = { line: index + 1, text };
    else commands.push({ line: index + 1, command: text, headers: [] });
  });
  return commands;
}

/**
 * The HTTP statuses an output shows: `curl -i` status lines, and lines that begin with codes such as
 * `-w '%{http_code}\n'` prints (`201`, `200 200 429`, or `202 {…}` from `npm run daily`).
 */
function statusesIn(output: string): number[] {
  return output.split('\n').flatMap((line) => {
    const statusLine = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
    if (statusLine) return [Number(statusLine[1])];
    // Only codes on the line (curl's progress meter, which goes to a file as well, has more).
    const codes = /^(\d{3}(?:\s+\d{3})*)\s*(?:\{.*)?$/.exec(line);
    return codes?.[1] ? codes[1].split(/\s+/).map(Number) : [];
  });
}

function headerPattern({ name, value }: { name: string; value: string }): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${literal(name)}: ${value.split('…').map(literal).join('.*')}\\s*$`, 'im');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** What a fresh terminal has: no variable of this test run leaks into the backend or the shell. */
const cleanEnv = (port: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  PORT: String(port),
});

async function startBackend(port: number): Promise<ChildProcessWithoutNullStreams> {
  const backend = spawn(process.execPath, ['--import', 'tsx', 'dev/start.ts', '--quiet'], {
    cwd: rootDir,
    env: cleanEnv(port),
  });
  let output = '';
  // Kept for failure messages: what npm start printed (an emulator that died, a stack trace).
  backend.stdout.on('data', (chunk: Buffer) => backendOutput.push(chunk.toString()));
  backend.stderr.on('data', (chunk: Buffer) => backendOutput.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not start:\n${output}`)),
      90_000,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('local backend ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    backend.stdout.on('data', read);
    backend.stderr.on('data', read);
    backend.once('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return backend;
}

/** One bash process; each command's output goes to a file, then a marker with its exit code. */
class Shell {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly dir = mkdtempSync(join(tmpdir(), 'readme-'));
  private buffered = '';
  private count = 0;

  constructor(env: NodeJS.ProcessEnv) {
    this.process = spawn('bash', ['--noprofile', '--norc'], { cwd: rootDir, env });
    this.process.stdout.on('data', (chunk: Buffer) => {
      this.buffered += chunk.toString();
    });
  }

  async run(command: string): Promise<{ exitCode: number; output: string }> {
    const file = join(this.dir, `out-${++this.count}`);
    const marker = `__done_${this.count}__`;
    this.process.stdin.write(
      `{\n${command}\n} > '${file}' 2>&1 < /dev/null; echo "${marker} $?"\n`,
    );
    const deadline = Date.now() + commandTimeoutMs;
    for (;;) {
      const match = new RegExp(`${marker} (\\d+)`).exec(this.buffered);
      if (match) {
        this.buffered = '';
        return { exitCode: Number(match[1]), output: readFileSync(file, 'utf8') };
      }
      if (Date.now() > deadline) {
        this.process.kill('SIGKILL');
        throw new Error(`still running after ${commandTimeoutMs / 1000} s:\n${command}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.process.stdin.end();
    this.process.kill();
  }
}

const backendOutput: string[] = [];
const commands = walkthroughCommands(readFileSync(join(rootDir, 'README.md'), 'utf8'));
let backend: ChildProcessWithoutNullStreams | undefined;
let shell: Shell;

beforeAll(async () => {
  const port = await freePort();
  backend = await startBackend(port);
  shell = new Shell(cleanEnv(port));
}, 120_000);

afterAll(async () => {
  shell?.close();
  if (backend && backend.exitCode === null) {
    const exited = new Promise((resolve) => backend?.once('exit', resolve));
    backend.kill('SIGTERM');
    await exited;
  }
}, 60_000);

describe('README.md walk-throughs, run as pasted against npm start', () => {
  it('has walk-throughs to run', () => {
    expect(commands.length).toBeGreaterThan(40);
  });

  it('runs every command in order and shows what the text claims', async () => {
    for (const step of commands) {
      const { exitCode, output } = await shell.run(step.command);
      const where = `README.md:${step.line}: ${step.command}\n--- output ---\n${output}\n--- npm start (last lines) ---\n${backendOutput.join('').slice(-2000)}`;
      expect(exitCode, where).toBe(0);
      if (step.status !== undefined) expect(statusesIn(output), where).toContain(step.status);
      for (const header of step.headers) expect(output, where).toMatch(headerPattern(header));
    }
  }, 600_000);
});
