/** GET /v1/projects/{id}: one project with its ETag (304 to a matching If-None-Match); another tenant's id is a plain 404. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { getResource } from '#shared/resources/service.ts';

export const handler = apiHandler(projectRoutes.getProject, {
  handle: async ({ ctx, path, headers }) => {
    const project = await getResource(projectResource, { ctx }, path.id, {
      store: projectStore(),
    });
    return versionedRead(headers, project, project.version);
  },
});
