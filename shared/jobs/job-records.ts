/**
 * Job records: what a tenant's admins can see of the jobs they started (exports, deletion) — kind,
 * status, progress 0..100, error and result — and the port their store implements.
 */
import * as z from 'zod/mini';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { AuditedCreate } from '#shared/data/audited-create.ts';
import type { IdempotencyRequest, StoredResponse } from '#shared/data/idempotency.ts';
import type { PageKey } from '#shared/http/cursor.ts';

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export const jobStatusSchema = z.enum(jobStatuses);
export type JobStatus = z.infer<typeof jobStatusSchema>;

/** What a tenant may read about a failure: a code and a sentence, never a stack or an AWS error. */
export const jobErrorSchema = z.object({ code: z.string(), message: z.string() });
export type JobError = z.infer<typeof jobErrorSchema>;

export const jobRecordSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  status: jobStatusSchema,
  progress: z.number().check(z.int(), z.gte(0), z.lte(100)),
  requestedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.optional(z.string()),
  finishedAt: z.optional(z.string()),
  error: z.optional(jobErrorSchema),
  result: z.optional(z.record(z.string(), z.unknown())),
  version: z.number().check(z.int()),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

export type JobRecordChanges = Partial<
  Pick<JobRecord, 'status' | 'progress' | 'startedAt' | 'finishedAt' | 'error' | 'result'>
>;

export interface JobRecordPage {
  readonly items: readonly JobRecord[];
  readonly lastKey: PageKey | undefined;
}

export type CreateJobOutcome = { readonly kind: 'created' } | { readonly kind: 'keyAlreadyUsed' };

/** Persistence port for job records. */
export interface JobRecordStore {
  /**
   * Writes a new record with its audit event, and the idempotency record of the request that
   * started it, in one transaction; `keyAlreadyUsed` when that key answered before.
   */
  create(scope: TenantScope, record: JobRecord, options: AuditedCreate): Promise<CreateJobOutcome>;
  /** Removes a record whose job could not be queued, with its idempotency record. */
  discard(scope: TenantScope, jobId: string, idempotency?: IdempotencyRequest): Promise<void>;
  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined>;
  get(scope: TenantScope, jobId: string): Promise<JobRecord | undefined>;
  /** Newest first. */
  list(
    scope: TenantScope,
    query: { readonly limit: number; readonly startKey?: PageKey },
  ): Promise<JobRecordPage>;
  /**
   * Applies changes and bumps the version; false when the record is gone (its tenant was deleted
   * meanwhile), so a worker never re-creates a record it did not find.
   */
  update(scope: TenantScope, jobId: string, changes: JobRecordChanges, now: Date): Promise<boolean>;
}

/** A new record, as a job starts its life: queued, nothing done yet. */
export function newJobRecord(
  jobId: string,
  kind: string,
  requestedBy: string,
  now: Date,
): JobRecord {
  const at = now.toISOString();
  return {
    jobId,
    kind,
    status: 'queued',
    progress: 0,
    requestedBy,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
