/**
 * cognito-local as a child process: it issues real RS256 JWTs and serves a JWKS. A persisted stack
 * runs its own CLI, which keeps the pools in `<dataDir>/.cognito`; otherwise the same server keeps
 * them in memory (cognito-local-in-memory.ts), because its files slow every write as a pool grows.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { answersHttp, startProcess, waitUntilReady } from '#dev/processes.ts';
import type { Emulator } from './dynamodb.ts';

const require = createRequire(import.meta.url);

export async function startCognitoLocal(options: {
  port: number;
  dataDir: string;
  /** Keep the pools in files under `dataDir`, across restarts. */
  persist?: boolean;
}): Promise<Emulator> {
  const args = options.persist
    ? [require.resolve('cognito-local/lib/bin/start.js')]
    : [
        '--import',
        pathToFileURL(require.resolve('tsx')).href,
        fileURLToPath(new URL('./cognito-local-in-memory.ts', import.meta.url)),
      ];
  const child = startProcess(process.execPath, args, {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', DEBUG: '' },
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady('cognito-local', () => answersHttp(`${endpoint}/health`), child);
  return {
    endpoint,
    died: child.died.then((report) => `cognito-local ended: ${report}`),
    stop: () => child.stop(),
  };
}
