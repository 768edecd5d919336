/**
 * cognito-local as a child process: it issues real RS256 JWTs and serves a JWKS. It keeps its data
 * in `<dataDir>/.cognito`, so the data directory is its working directory.
 */
import { createRequire } from 'node:module';
import { answersHttp, startProcess, waitUntilReady } from '../processes.ts';
import type { Emulator } from './dynamodb.ts';

const require = createRequire(import.meta.url);

export async function startCognitoLocal(options: {
  port: number;
  dataDir: string;
}): Promise<Emulator> {
  const cli = require.resolve('cognito-local/lib/bin/start.js');
  const child = startProcess(process.execPath, [cli], {
    cwd: options.dataDir,
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', DEBUG: '' },
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady('cognito-local', () => answersHttp(`${endpoint}/health`), child);
  return { endpoint, stop: () => child.stop() };
}
