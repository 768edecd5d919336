/**
 * The jobs-bulk worker: long jobs (exports, tenant deletion, daily upkeep, hourly metering), one per
 * invocation, resumable.
 */

import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { reportTenantUsage } from '#shared/billing/metering.ts';
import { endBilling } from '#shared/billing/offboarding.ts';
import { pacer, reconcileIntervalMs } from '#shared/billing/pacing.ts';
import { reconcileTenant } from '#shared/billing/reconcile.ts';
import { stripeClient } from '#shared/billing/stripe-client.ts';
import { billingConfig } from '#shared/config/billing-config.ts';
import { once } from '#shared/config/env.ts';
import { limitsConfig, offboardingGraceSeconds } from '#shared/config/runtime-config.ts';
import {
  billingStore,
  costStore,
  invitationStore,
  jobRecordStore,
  jobRunStore,
  meterReportStore,
  offboardingStore,
  tenantDataReader,
  tenantStore,
  usageReader,
  usageStore,
} from '#shared/data/stores.ts';
import { runExport } from '#shared/exports/export-job.ts';
import { exportStorage } from '#shared/exports/s3-export-storage.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { markJobGivenUp } from '#shared/jobs/given-up.ts';
import { createWorker } from '#shared/jobs/worker.ts';
import { runOffboarding } from '#shared/offboarding/offboard-job.ts';
import { runDailyUpkeep } from '#shared/upkeep/daily-job.ts';

/** One pace per container, kept across invocations: its calls to Stripe stay under Stripe's limit. */
const paceStripe = once(() => pacer(reconcileIntervalMs));

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
    'billing.meter': async (job, { scope }) => {
      await reportTenantUsage(scope, job.payload.hour, {
        tenants: tenantStore(),
        reports: meterReportStore(),
        usage: usageReader(),
        stripe: stripeClient,
        pace: paceStripe(),
        meters: billingConfig().meters,
        limitsScale: limitsConfig().scale,
      });
      return undefined;
    },
    'tenant.daily': async (job, { scope }) => {
      await runDailyUpkeep(job, scope, {
        invitations: invitationStore(),
        usage: usageStore(),
        reconcileBilling: (tenant) =>
          reconcileTenant(tenant, {
            store: billingStore(),
            stripe: stripeClient,
            prices: billingConfig().prices,
            flushAuthorizers,
            pace: paceStripe(),
          }),
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
        endBilling: (tenant) => endBilling(tenant, { store: billingStore(), stripe: stripeClient }),
      });
      if (outcome === 'continue') return { continueLater: true };
      if (typeof outcome === 'object')
        return { continueLater: true, delaySeconds: outcome.seconds };
      return undefined;
    },
  },
});
