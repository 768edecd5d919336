/** PATCH /v1/projects/{id}: change fields; If-Match required, a stale ETag is a 412 and writes nothing. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { updateResource } from '#shared/resources/service.ts';

export const handler = apiHandler(projectRoutes.updateProject, {
  handle: async ({ caller, path, body, headers }) => {
    const project = await updateResource(
      projectResource,
      caller,
      path.id,
      requiredIfMatch(headers),
      body,
      { store: projectStore() },
    );
    return ok(project, { etag: etag(project.version) });
  },
});
