/** GET /v1/projects/{id}: one project with its ETag; another tenant's id is a plain 404. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { projectPathSchema } from '#shared/projects/api-schemas.ts';
import { getProject } from '#shared/projects/service.ts';

export const handler = apiHandler(routes.getProject, {
  path: projectPathSchema,
  handle: async ({ ctx, path }) => {
    const project = await getProject({ ctx }, path.id, { store: projectStore() });
    return ok(project, { etag: etag(project.version) });
  },
});
