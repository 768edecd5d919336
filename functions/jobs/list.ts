/** GET /v1/jobs: the tenant's jobs, newest first (admin+); an export's result names its download path. */
import { jobRecordStore } from '#shared/data/stores.ts';
import { exportResultPresenter } from '#shared/exports/download.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { jobRoutes } from '#shared/jobs/routes.ts';
import { listJobs } from '#shared/jobs/service.ts';

export const handler = apiHandler(jobRoutes.listJobs, {
  handle: async ({ ctx, query }) =>
    ok(
      await listJobs({ ctx }, query, await cursorCodec(), {
        store: jobRecordStore(),
        present: exportResultPresenter(ctx),
      }),
    ),
});
