/**
 * cognito-local as a child process: it issues real RS256 JWTs and serves a JWKS. Our assembly of its
 * server (cognito-local-server.ts) adds the operations it lacks; it keeps the pools in memory, or for
 * a persisted stack in files under `<dataDir>/.cognito`, as the stock CLI does (memory is the
 * default because its files slow every write as a pool grows).
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
  const args = [
    '--import',
    pathToFileURL(require.resolve('tsx')).href,
    fileURLToPath(new URL('./cognito-local-server.ts', import.meta.url)),
  ];
  const child = startProcess(process.execPath, args, {
    cwd: options.dataDir,
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DEBUG: '',
      COGNITO_LOCAL_STORE: options.persist ? 'files' : 'memory',
    },
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady('cognito-local', () => answersHttp(`${endpoint}/health`), child);
  return {
    endpoint,
    died: child.died.then((report) => `cognito-local ended: ${report}`),
    stop: () => child.stop(),
  };
}
