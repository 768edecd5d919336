/** GET /v1/projects: the tenant's projects, newest first, one Query per page. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { listProjects } from '#shared/projects/service.ts';

export const handler = apiHandler(projectRoutes.listProjects, {
  handle: async ({ ctx, query }) =>
    ok(await listProjects({ ctx }, query, await cursorCodec(), { store: projectStore() })),
});
