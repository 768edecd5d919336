/**
 * The `data.export` job: every item of the tenant as one gzip'd JSON Lines file under
 * `tenants/<tenantId>/exports/`, progress on the job record as pages are written, and the file's
 * key in the result (the download route signs a fresh URL for it on each request).
 */
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { storageKeys } from '#shared/data/keys.ts';
import type { JobEnvelope } from '#shared/jobs/envelope.ts';
import type { JobRecordStore } from '#shared/jobs/job-records.ts';
import { JobRecordGoneError, ProgressReporter } from '#shared/jobs/progress.ts';
import { type ExportStorage, exportFileRetentionDays, type TenantDataReader } from './model.ts';

export interface ExportDependencies {
  readonly reader: TenantDataReader;
  readonly storage: ExportStorage;
  readonly records: JobRecordStore;
  readonly now?: () => Date;
  /** Items per Query page. @default 500 */
  readonly pageSize?: number;
}

/** What a finished export stores in its job record. */
export interface ExportResult extends Record<string, unknown> {
  readonly objectKey: string;
  readonly items: number;
  readonly bytes: number;
  readonly fileExpiresAt: string;
}

export const exportFormatVersion = 1;

export async function runExport(
  job: JobEnvelope<'data.export'>,
  scope: TenantScope,
  { reader, storage, records, now = () => new Date(), pageSize = 500 }: ExportDependencies,
): Promise<ExportResult> {
  const progress = new ProgressReporter({
    store: records,
    scope,
    jobId: job.id,
    kind: job.kind,
    now,
  });
  await progress.start();
  const total = await reader.count(scope);
  const startedAt = now();
  let written = 0;

  async function* lines(): AsyncGenerator<string> {
    yield `${JSON.stringify({
      type: 'export',
      data: {
        format: exportFormatVersion,
        tenantId: scope.tenantId,
        jobId: job.id,
        requestedBy: job.payload.requestedBy,
        exportedAt: startedAt.toISOString(),
      },
    })}\n`;
    for await (const page of reader.pages(scope, pageSize)) {
      yield page.map((item) => `${JSON.stringify(item)}\n`).join('');
      written += page.length;
      await progress.report(written, total);
    }
  }

  const objectKey = storageKeys.exportFile(scope, job.id);
  const source = Readable.from(lines());
  const gzip = createGzip();
  // pipe() does not forward errors: a failed Query must fail the upload, not leave it waiting.
  source.on('error', (error) => gzip.destroy(error));
  source.pipe(gzip);
  const { bytes } = await storage.upload(objectKey, gzip, {
    contentType: 'application/gzip',
    fileName: `export-${job.id}.jsonl.gz`,
  });
  const fileExpiresAt = new Date(
    startedAt.getTime() + exportFileRetentionDays * 24 * 60 * 60 * 1000,
  ).toISOString();
  const result: ExportResult = { objectKey, items: written, bytes, fileExpiresAt };
  try {
    await progress.succeed(result);
  } catch (error) {
    // The tenant was deleted while the file was being written: the file must not outlive it.
    if (error instanceof JobRecordGoneError) await storage.deletePrefix(objectKey);
    throw error;
  }
  return result;
}
