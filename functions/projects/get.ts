/** GET /v1/projects/{id}: one project with its ETag; another tenant's id is a plain 404. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { getProject } from '#shared/projects/service.ts';

export const handler = apiHandler(projectRoutes.getProject, {
  handle: async ({ ctx, path }) => {
    const project = await getProject({ ctx }, path.id, { store: projectStore() });
    return ok(project, { etag: etag(project.version) });
  },
});
