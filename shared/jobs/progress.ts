/**
 * Drives a job record through its life from inside a worker: running, progress while it works,
 * then succeeded or failed. Progress writes are throttled, so a job over a million items does not
 * write its record a million times.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { emitJobProgress } from './job-events.ts';
import type { JobError, JobRecordStore, JobStatus } from './job-records.ts';

/** The record was deleted meanwhile (its tenant is being offboarded): the job must stop. */
export class JobRecordGoneError extends Error {}

export interface ProgressReporterOptions {
  readonly store: JobRecordStore;
  readonly scope: TenantScope;
  readonly jobId: string;
  readonly kind: string;
  readonly now?: () => Date;
  /** Write at most this often, except when a step of `minStep` points is reached. @default 1000 */
  readonly minIntervalMs?: number;
  /** @default 5 */
  readonly minStep?: number;
}

export class ProgressReporter {
  private lastWritten = -1;
  private lastWrittenAt = 0;
  private readonly now: () => Date;

  constructor(private readonly options: ProgressReporterOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async start(): Promise<void> {
    const at = this.now();
    await this.write('running', 0, { status: 'running', progress: 0, startedAt: at.toISOString() });
  }

  /** Progress as `done` of `total` units; written only when it moved enough since the last write. */
  async report(done: number, total: number): Promise<void> {
    const progress = total <= 0 ? 0 : Math.min(99, Math.floor((done / total) * 100));
    const elapsed = Date.now() - this.lastWrittenAt;
    const step = progress - this.lastWritten;
    if (step <= 0) return;
    if (step < (this.options.minStep ?? 5) && elapsed < (this.options.minIntervalMs ?? 1000))
      return;
    await this.write('running', progress, { progress });
  }

  async succeed(result: Record<string, unknown>): Promise<void> {
    await this.write('succeeded', 100, {
      status: 'succeeded',
      progress: 100,
      result,
      finishedAt: this.now().toISOString(),
    });
  }

  async fail(error: JobError): Promise<void> {
    await this.write('failed', Math.max(this.lastWritten, 0), {
      status: 'failed',
      error,
      finishedAt: this.now().toISOString(),
    });
  }

  private async write(
    status: JobStatus,
    progress: number,
    changes: Parameters<JobRecordStore['update']>[2],
  ): Promise<void> {
    const { store, scope, jobId, kind } = this.options;
    if (!(await store.update(scope, jobId, changes, this.now()))) {
      throw new JobRecordGoneError(`Job record ${jobId} no longer exists`);
    }
    this.lastWritten = progress;
    this.lastWrittenAt = Date.now();
    emitJobProgress({ tenantId: scope.tenantId, jobId, kind, status, progress });
  }
}
