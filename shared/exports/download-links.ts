/**
 * Pre-signed export download links for the job routes, with the S3 client loaded on the first link
 * a container signs. Most job reads have no finished export to link to, and loading the S3 client
 * and presigner up front cost those routes some 20 ms of every cold start (`npm run bench`).
 */
import { once } from '../config/env.ts';
import type { ExportStorage } from './model.ts';

export type DownloadLinks = Pick<ExportStorage, 'presignDownload'>;

export const exportDownloadLinks = once(
  (): DownloadLinks => ({
    async presignDownload(key, expiresInSeconds) {
      // esbuild keeps this module in the same bundle but runs its code only when first imported.
      const { exportStorage } = await import('./s3-export-storage.ts');
      return exportStorage().presignDownload(key, expiresInSeconds);
    },
  }),
);
