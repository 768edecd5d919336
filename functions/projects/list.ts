/** GET /v1/projects: the tenant's projects, newest first, one Query per page. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { listProjectsQuerySchema } from '#shared/projects/api-schemas.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { listResources } from '#shared/resources/service.ts';

export const handler = apiHandler(routes.listProjects, {
  query: listProjectsQuerySchema,
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
