/** The jobs-bulk worker: long jobs (exports, tenant deletion), one per invocation, resumable. */
import { jobRecordStore, jobRunStore } from '#shared/data/stores.ts';
import { markJobGivenUp } from '#shared/jobs/given-up.ts';
import { createWorker } from '#shared/jobs/worker.ts';

export const handler = createWorker({
  queue: 'bulk',
  runs: jobRunStore,
  processInParallel: false,
  onGiveUp: (job, scope) => markJobGivenUp(jobRecordStore(), scope, job.id),
  handlers: {},
});
