/** GET /v1/projects/{id}: one project with its ETag (304 to a matching If-None-Match); another tenant's id is a plain 404. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { projectPathSchema } from '#shared/projects/api-schemas.ts';
import { getProject } from '#shared/projects/service.ts';

export const handler = apiHandler(routes.getProject, {
  path: projectPathSchema,
  handle: async ({ ctx, path, headers }) => {
    const project = await getProject({ ctx }, path.id, { store: projectStore() });
    return versionedRead(headers, project, project.version);
  },
});
