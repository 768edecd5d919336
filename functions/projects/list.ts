/** GET /v1/projects: the tenant's projects, newest first, one Query per page. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { listResources } from '#shared/resources/service.ts';

export const handler = apiHandler(projectRoutes.listProjects, {
  handle: async ({ ctx, query: { status, ...page } }) =>
    ok(
      await listResources(
        projectResource,
        { ctx },
        { ...page, ...(status && { filter: status }) },
        await cursorCodec(),
        { store: projectStore() },
      ),
    ),
});
