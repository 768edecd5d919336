/** GET /v1/jobs/{id}: one job's status, progress and result (admin+); another tenant's id is a 404. */
import { jobRecordStore } from '#shared/data/stores.ts';
import { exportResultPresenter } from '#shared/exports/download.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { jobRoutes } from '#shared/jobs/routes.ts';
import { getJob } from '#shared/jobs/service.ts';

export const handler = apiHandler(jobRoutes.getJob, {
  handle: async ({ ctx, path, headers }) => {
    const job = await getJob({ ctx }, path.id, {
      store: jobRecordStore(),
      present: exportResultPresenter(ctx),
    });
    return versionedRead(headers, job, job.version);
  },
});
