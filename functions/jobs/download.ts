/**
 * GET /v1/jobs/{id}/download: 302 to a pre-signed URL of a succeeded export's file, valid 15 minutes
 * (admin+); the only job route that loads the S3 client. Another tenant's id is a 404.
 */
import { jobRecordStore } from '#shared/data/stores.ts';
import { exportDownload } from '#shared/exports/download.ts';
import { exportRoutes } from '#shared/exports/routes.ts';
import { exportStorage } from '#shared/exports/s3-export-storage.ts';
import { apiHandler, found } from '#shared/http/api-handler.ts';

export const handler = apiHandler(exportRoutes.downloadJobResult, {
  handle: async ({ ctx, path }) => {
    const download = await exportDownload({ ctx }, path.id, {
      store: jobRecordStore(),
      storage: exportStorage(),
    });
    return found(download.downloadUrl, download);
  },
});
