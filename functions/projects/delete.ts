/** DELETE /v1/projects/{id}: remove a project; If-Match required; frees a slot of the plan's limit. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { deleteResource } from '#shared/resources/service.ts';

export const handler = apiHandler(projectRoutes.deleteProject, {
  handle: async ({ caller, path, headers }) => {
    await deleteResource(projectResource, caller, path.id, requiredIfMatch(headers), {
      store: projectStore(),
    });
    return noContent();
  },
});
