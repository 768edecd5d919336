/** Progress is written when it moved enough, not on every unit of work, and never re-creates a record. */
import { describe, expect, it } from 'vitest';
import { tenantScopeFromJob } from '#shared/auth/tenant-context.ts';
import type { JobRecordChanges, JobRecordStore } from '#shared/jobs/job-records.ts';
import { JobRecordGoneError, ProgressReporter } from '#shared/jobs/progress.ts';

function recordingStore(exists = true): { store: JobRecordStore; writes: JobRecordChanges[] } {
  const writes: JobRecordChanges[] = [];
  const store = {
    update: async (_scope: unknown, _id: string, changes: JobRecordChanges) => {
      writes.push(changes);
      return exists;
    },
  } as unknown as JobRecordStore;
  return { store, writes };
}

const scope = tenantScopeFromJob('01JD3ZP5Q9W8X7V6T5S4R3Q2P1');

describe('ProgressReporter', () => {
  it('writes progress in steps of at least 5 points within a second', async () => {
    // Prepare
    const { store, writes } = recordingStore();
    if (!scope) throw new Error('scope');
    const reporter = new ProgressReporter({ store, scope, jobId: 'j', kind: 'data.export' });

    // Act
    await reporter.start();
    for (let done = 1; done <= 1000; done++) await reporter.report(done, 1000);
    await reporter.succeed({ items: 1000 });

    // Assess
    const progress = writes.map((write) => write.progress);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(100);
    expect(writes.length).toBeLessThanOrEqual(22);
    expect(progress.filter((value) => value === 100)).toHaveLength(1);
  });

  it('stops the job when its record is gone', async () => {
    // Prepare
    const { store } = recordingStore(false);
    if (!scope) throw new Error('scope');
    const reporter = new ProgressReporter({ store, scope, jobId: 'j', kind: 'data.export' });

    // Act / Assess
    await expect(reporter.start()).rejects.toBeInstanceOf(JobRecordGoneError);
  });
});
