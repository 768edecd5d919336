/** fauxqs, in-process: SQS (and S3) on one loopback port. */
import { startFauxqs } from 'fauxqs';
import type { Emulator } from './dynamodb.ts';

export async function startSqsEmulator(options: { port: number }): Promise<Emulator> {
  const server = await startFauxqs({ port: options.port, host: '127.0.0.1', logger: false });
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    died: new Promise<never>(() => undefined),
    stop: () => server.stop(),
  };
}
