/** DELETE /v1/projects/{id}: remove a project; If-Match required; frees a slot of the plan's limit. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';
import { deleteResource } from '#shared/resources/service.ts';

export const handler = apiHandler(routes.deleteProject, {
  path: resourcePathSchema,
  handle: async ({ ctx, path, headers, requestId, sourceIp }) => {
    await deleteResource(
      projectResource,
      { ctx, meta: { requestId, sourceIp } },
      path.id,
      requiredIfMatch(headers),
      { store: projectStore() },
    );
    return { statusCode: 204 };
  },
});
