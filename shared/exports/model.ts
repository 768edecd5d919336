/** Data export as the domain sees it: where a tenant's items come from and where the file goes. */
import type { TenantScope } from '#shared/auth/tenant-context.ts';

/** One item of the tenant, without its table keys: what a line of the export file holds. */
export interface ExportedItem {
  /** The item's kind (`tenant`, `member`, `project`, `audit`, `job` …). */
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Reads every item a tenant owns, partition by partition, with Query only. */
export interface TenantDataReader {
  /** How many items `pages` will yield (for progress; the data may change meanwhile). */
  count(scope: TenantScope): Promise<number>;
  pages(scope: TenantScope, pageSize: number): AsyncIterable<readonly ExportedItem[]>;
}

export interface StoredFile {
  readonly bytes: number;
}

/** The exports bucket. */
export interface ExportStorage {
  /** Streams `body` to `key` (multipart when large); nothing is left behind when it fails. */
  upload(
    key: string,
    body: AsyncIterable<Uint8Array>,
    options: { readonly contentType: string; readonly fileName: string },
  ): Promise<StoredFile>;
  /** A GET URL for `key` that works without credentials until it expires. */
  presignDownload(key: string, expiresInSeconds: number): Promise<string>;
  /** Deletes every object under `prefix`; returns how many there were. */
  deletePrefix(prefix: string): Promise<number>;
}

/** Download links live this long from the moment they are handed out. */
export const downloadUrlTtlSeconds = 15 * 60;
/** Export files are deleted by a bucket lifecycle rule after this many days (kept in step with CDK). */
export const exportFileRetentionDays = 7;
