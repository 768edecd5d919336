/** The jobs-bulk worker: long jobs (exports, tenant deletion), one per invocation, resumable. */
import { jobRecordStore, jobRunStore, tenantDataReader } from '#shared/data/stores.ts';
import { runExport } from '#shared/exports/export-job.ts';
import { exportStorage } from '#shared/exports/s3-export-storage.ts';
import { markJobGivenUp } from '#shared/jobs/given-up.ts';
import { createWorker } from '#shared/jobs/worker.ts';

export const handler = createWorker({
  queue: 'bulk',
  runs: jobRunStore,
  processInParallel: false,
  onGiveUp: (job, scope) => markJobGivenUp(jobRecordStore(), scope, job.id),
  handlers: {
    'data.export': async (job, { scope }) => {
      await runExport(job, scope, {
        reader: tenantDataReader(),
        storage: exportStorage(),
        records: jobRecordStore(),
      });
      return undefined;
    },
  },
});
