/** The jobs-bulk worker: long jobs (exports, tenant deletion), one per invocation, resumable. */
import { jobRunStore } from '#shared/data/stores.ts';
import { createWorker } from '#shared/jobs/worker.ts';

export const handler = createWorker({
  queue: 'bulk',
  runs: jobRunStore,
  processInParallel: false,
  handlers: {},
});
