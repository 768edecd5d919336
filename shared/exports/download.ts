/**
 * How an export job's result is shown: a pre-signed download URL valid 15 minutes from the read,
 * made from the stored object key, which must lie in the caller's own export prefix.
 */
import type { TenantScope } from '../auth/tenant-context.ts';
import { storageKeys } from '../data/keys.ts';
import type { JobRecord } from '../jobs/job-records.ts';
import type { ResultPresenter } from '../jobs/views.ts';
import type { DownloadLinks } from './download-links.ts';
import { downloadUrlTtlSeconds } from './model.ts';

export function exportResultPresenter(
  scope: TenantScope,
  links: () => DownloadLinks,
  now: () => Date = () => new Date(),
): ResultPresenter {
  return async (record: JobRecord) => {
    const result = record.result;
    if (record.kind !== 'data.export' || result === undefined) return result;
    const { objectKey, items, bytes, fileExpiresAt } = result;
    const summary = { items, bytes, fileExpiresAt };
    if (typeof objectKey !== 'string' || !objectKey.startsWith(storageKeys.exportsPrefix(scope))) {
      return summary;
    }
    const at = now();
    if (typeof fileExpiresAt === 'string' && Date.parse(fileExpiresAt) <= at.getTime()) {
      return { ...summary, expired: true };
    }
    return {
      ...summary,
      downloadUrl: await links().presignDownload(objectKey, downloadUrlTtlSeconds),
      downloadUrlExpiresAt: new Date(at.getTime() + downloadUrlTtlSeconds * 1000).toISOString(),
    };
  };
}
