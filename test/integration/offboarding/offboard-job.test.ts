/**
 * Offboarding is resumable: a run that stops after any batch (time budget, crash, timeout) is run
 * again and carries on from what is left, ending in the same state as one uninterrupted run.
 */
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { auditEvent } from '#shared/audit/audit-log.ts';
import { offboardingStore } from '#shared/data/stores.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import { newJobRecord } from '#shared/jobs/job-records.ts';
import { type OffboardingOutcome, runOffboarding } from '#shared/offboarding/offboard-job.ts';
import { seedTenantItems } from '../../support/bulk-items.ts';
import { seedTenant } from '../../support/seed.ts';
import { allItems } from '../../support/table.ts';

const noUsers = { findUser: async () => undefined, deleteUser: async () => undefined };
const noFiles = { deletePrefix: async () => 0 };

async function deletingTenant() {
  const tenant = await seedTenant('Resumable Co');
  await seedTenantItems(tenant, { projects: 350, audit: 120 });
  const store = offboardingStore();
  const current = await store.getTenant(tenant);
  const jobId = ulid();
  const now = new Date();
  const outcome = await store.beginOffboarding(tenant, {
    expectedVersion: current?.version ?? 1,
    record: newJobRecord(jobId, 'tenant.offboard', tenant.ownerId, now),
    audit: auditEvent(
      {
        actorId: tenant.ownerId,
        action: 'tenant.deletion_requested',
        target: { type: 'tenant', id: tenant.tenantId },
        meta: { requestId: 'test', sourceIp: '127.0.0.1' },
      },
      now,
    ),
    now,
  });
  expect(outcome).toBe('started');
  const job: JobEnvelope<'tenant.offboard'> = {
    kind: 'tenant.offboard',
    id: jobId,
    tenantId: tenant.tenantId,
    payload: { requestedBy: tenant.ownerId },
    enqueuedAt: now.toISOString(),
  };
  return { tenant, job };
}

const ofTenant = (tenantId: string) => (item: Record<string, unknown>) =>
  JSON.stringify(item).includes(tenantId);

describe('runOffboarding', () => {
  it('stops after a batch when told to, and finishes over several runs with every item gone', async () => {
    // Prepare
    const { tenant, job } = await deletingTenant();
    // Items of its partitions: what the tombstone counts (global items it owned are not counted).
    const itemsBefore = (await allItems()).filter(
      (item) =>
        item.PK === `T#${tenant.tenantId}` || String(item.PK).startsWith(`T#${tenant.tenantId}#`),
    ).length;

    // Act: every run yields after its first batch, as one about to time out would
    const outcomes: OffboardingOutcome[] = [];
    for (let run = 0; run < 50; run++) {
      const outcome = await runOffboarding(job, tenant, {
        store: offboardingStore(),
        users: noUsers,
        storage: noFiles,
        shouldYield: () => true,
        batchSize: 100,
      });
      outcomes.push(outcome);
      if (outcome !== 'continue') break;
    }
    const left = (await allItems()).filter(ofTenant(tenant.tenantId));

    // Assess
    expect(outcomes.length).toBeGreaterThan(5);
    expect(outcomes.at(-1)).toBe('done');
    expect(left).toEqual([
      expect.objectContaining({
        PK: `TOMBSTONE#${tenant.tenantId}`,
        items: itemsBefore,
      }),
    ]);
  });

  it('is a no-op when run again after it finished', async () => {
    // Prepare
    const { tenant, job } = await deletingTenant();
    const deps = {
      store: offboardingStore(),
      users: noUsers,
      storage: noFiles,
      shouldYield: () => false,
    };
    await runOffboarding(job, tenant, deps);
    const tombstone = await offboardingStore().readTombstone(tenant);

    // Act
    const again = await runOffboarding(job, tenant, deps);

    // Assess
    expect(again).toBe('done');
    expect(await offboardingStore().readTombstone(tenant)).toEqual(tombstone);
  });

  it('deletes nothing until the grace period after the request has passed', async () => {
    // Prepare
    const { tenant, job } = await deletingTenant();
    const before = (await allItems()).filter(ofTenant(tenant.tenantId)).length;

    // Act
    const outcome = await runOffboarding(job, tenant, {
      store: offboardingStore(),
      users: noUsers,
      storage: noFiles,
      shouldYield: () => false,
      graceSeconds: 75,
    });

    // Assess
    expect(outcome).toEqual({ wait: true, seconds: expect.any(Number) });
    expect((outcome as { seconds: number }).seconds).toBeGreaterThan(60);
    expect((await allItems()).filter(ofTenant(tenant.tenantId))).toHaveLength(before);
  });

  it('refuses to delete a tenant that is still active', async () => {
    // Prepare
    const tenant = await seedTenant('Active Co');
    await seedTenantItems(tenant, { projects: 5, audit: 0 });
    const job: JobEnvelope<'tenant.offboard'> = {
      kind: 'tenant.offboard',
      id: ulid(),
      tenantId: tenant.tenantId,
      payload: { requestedBy: tenant.ownerId },
      enqueuedAt: new Date().toISOString(),
    };

    // Act
    const outcome = await runOffboarding(job, tenant, {
      store: offboardingStore(),
      users: noUsers,
      storage: noFiles,
      shouldYield: () => false,
    });

    // Assess
    expect(outcome).toBe('refused');
    expect((await allItems()).filter(ofTenant(tenant.tenantId)).length).toBeGreaterThan(5);
  });
});
