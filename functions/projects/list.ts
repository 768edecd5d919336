/** GET /v1/projects: the tenant's projects, newest first, one Query per page. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { listProjectsQuerySchema } from '#shared/projects/api-schemas.ts';
import { listProjects } from '#shared/projects/service.ts';

export const handler = apiHandler(routes.listProjects, {
  query: listProjectsQuerySchema,
  handle: async ({ ctx, query }) =>
    ok(await listProjects({ ctx }, query, await cursorCodec(), { store: projectStore() })),
});
