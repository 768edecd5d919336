/** The jobs-bulk worker: long jobs (exports, tenant deletion), one per invocation, resumable. */

import { offboardingGraceSeconds } from '#shared/config/runtime-config.ts';
import {
  costStore,
  invitationStore,
  jobRecordStore,
  jobRunStore,
  offboardingStore,
  tenantDataReader,
  tenantStore,
  usageStore,
} from '#shared/data/stores.ts';
import { runExport } from '#shared/exports/export-job.ts';
import { exportStorage } from '#shared/exports/s3-export-storage.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { markJobGivenUp } from '#shared/jobs/given-up.ts';
import { createWorker } from '#shared/jobs/worker.ts';
import { runOffboarding } from '#shared/offboarding/offboard-job.ts';
import { runDailyUpkeep } from '#shared/upkeep/daily-job.ts';

/** A deletion run stops this long before the timeout and continues in a new message. */
const offboardingReserveMs = 60_000;

export const handler = createWorker({
  queue: 'bulk',
  runs: jobRunStore,
  processInParallel: false,
  onGiveUp: (job, scope) => markJobGivenUp(jobRecordStore(), scope, job.id),
  handlers: {
    'data.export': async (job, { scope }) => {
      const { items } = await runExport(job, scope, {
        reader: tenantDataReader(),
        storage: exportStorage(),
        records: jobRecordStore(),
      });
      // Usage the daily job rolls into the month (the first counters anything writes).
      await usageStore().add(scope, { exports: 1, exportedItems: items }, new Date());
      return undefined;
    },
    'tenant.daily': async (job, { scope }) => {
      await runDailyUpkeep(job, scope, {
        invitations: invitationStore(),
        usage: usageStore(),
        costs: costStore(),
        tenants: tenantStore(),
      });
      return undefined;
    },
    'tenant.offboard': async (job, { scope, remainingTimeMs }) => {
      const outcome = await runOffboarding(job, scope, {
        store: offboardingStore(),
        users: userDirectory(),
        storage: exportStorage(),
        shouldYield: () => remainingTimeMs() < offboardingReserveMs,
        graceSeconds: offboardingGraceSeconds(),
      });
      if (outcome === 'continue') return { continueLater: true };
      if (typeof outcome === 'object')
        return { continueLater: true, delaySeconds: outcome.seconds };
      return undefined;
    },
  },
});
