/**
 * Export downloads, as GitHub serves artifacts: job reads show a path to the file, and only
 * `GET /v1/jobs/{id}/download` signs a URL for it (valid 15 minutes), so the job read functions
 * carry no S3 code. The object key must lie in the caller's own export prefix.
 */
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { storageKeys } from '#shared/data/keys.ts';
import { ConflictError, GoneError, NotFoundError } from '#shared/errors.ts';
import type { JobRecord, JobRecordStore } from '#shared/jobs/job-records.ts';
import type { ResultPresenter } from '#shared/jobs/views.ts';
import type { Caller } from '#shared/requests.ts';
import { downloadUrlTtlSeconds, type ExportStorage } from './model.ts';

/** The download route of a job (`downloadJobResult` in shared/api/routes.ts; a unit test keeps them equal). */
export function exportDownloadPath(jobId: string): string {
  return `/v1/jobs/${jobId}/download`;
}

/** What a job's stored result says of its export file, for the caller's tenant at `now`. */
type ExportFile =
  | { readonly state: 'none' }
  | { readonly state: 'expired' }
  | { readonly state: 'available'; readonly objectKey: string };

function exportFileOf(scope: TenantScope, record: JobRecord, now: Date): ExportFile {
  const { objectKey, fileExpiresAt } = record.result ?? {};
  // Defence in depth: a key outside the caller's prefix is never signed, whatever the record says.
  if (typeof objectKey !== 'string' || !objectKey.startsWith(storageKeys.exportsPrefix(scope))) {
    return { state: 'none' };
  }
  if (typeof fileExpiresAt === 'string' && Date.parse(fileExpiresAt) <= now.getTime()) {
    return { state: 'expired' };
  }
  return { state: 'available', objectKey };
}

/**
 * Shows an export job's result without its object key: counts, the file's expiry, and the path to
 * download it (or `expired: true`); other jobs' results as stored.
 */
export function exportResultPresenter(
  scope: TenantScope,
  now: () => Date = () => new Date(),
): ResultPresenter {
  return (record) => {
    const result = record.result;
    if (record.kind !== 'data.export' || result === undefined) return result;
    const { items, bytes, fileExpiresAt } = result;
    const summary = { items, bytes, fileExpiresAt };
    const file = exportFileOf(scope, record, now());
    if (file.state === 'expired') return { ...summary, expired: true };
    if (file.state === 'available')
      return { ...summary, downloadPath: exportDownloadPath(record.jobId) };
    return summary;
  };
}

export interface ExportDownloadDependencies {
  readonly store: Pick<JobRecordStore, 'get'>;
  readonly storage: Pick<ExportStorage, 'presignDownload'>;
  readonly now?: () => Date;
}

export interface ExportDownload {
  readonly downloadUrl: string;
  readonly expiresAt: string;
}

const notReady: Readonly<Record<Exclude<JobRecord['status'], 'succeeded'>, string>> = {
  queued: 'The export has not started yet; download it once its status is succeeded',
  running: 'The export is still running; download it once its status is succeeded',
  failed: 'The export failed and has no file; start a new export',
};

/**
 * A fresh pre-signed URL for the file of a succeeded export job of the caller's tenant. Another
 * tenant's job id is a 404 like an unknown one; a job with no file to give is a 409, an expired
 * file a 410.
 */
export async function exportDownload(
  { ctx }: Pick<Caller, 'ctx'>,
  jobId: string,
  { store, storage, now = () => new Date() }: ExportDownloadDependencies,
): Promise<ExportDownload> {
  const record = await store.get(ctx, jobId);
  if (!record) throw new NotFoundError('Job not found');
  if (record.kind !== 'data.export') {
    throw new ConflictError(`A ${record.kind} job has no file to download`, { kind: record.kind });
  }
  if (record.status !== 'succeeded') {
    throw new ConflictError(notReady[record.status], { status: record.status });
  }
  const at = now();
  const file = exportFileOf(ctx, record, at);
  if (file.state === 'none') throw new ConflictError('The export has no file to download');
  if (file.state === 'expired') {
    throw new GoneError('The export file has expired; start a new export', {
      fileExpiresAt: record.result?.fileExpiresAt,
    });
  }
  return {
    downloadUrl: await storage.presignDownload(file.objectKey, downloadUrlTtlSeconds),
    expiresAt: new Date(at.getTime() + downloadUrlTtlSeconds * 1000).toISOString(),
  };
}
