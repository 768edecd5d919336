/**
 * GET /v1/jobs/{id}/download: 302 to a pre-signed URL of a succeeded export's file, valid 15 minutes
 * (admin+); the only job route that loads the S3 client. Another tenant's id is a 404.
 */
import { routes } from '#shared/api/routes.ts';
import { jobRecordStore } from '#shared/data/stores.ts';
import { exportDownload } from '#shared/exports/download.ts';
import { exportStorage } from '#shared/exports/s3-export-storage.ts';
import { apiHandler, found } from '#shared/http/api-handler.ts';
import { jobPathSchema } from '#shared/jobs/api-schemas.ts';

export const handler = apiHandler(routes.downloadJobResult, {
  path: jobPathSchema,
  handle: async ({ ctx, path }) => {
    const download = await exportDownload({ ctx }, path.id, {
      store: jobRecordStore(),
      storage: exportStorage(),
    });
    return found(download.downloadUrl, download);
  },
});
