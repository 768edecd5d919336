/** DELETE /v1/projects/{id}: remove a project; If-Match required; frees a slot of the plan's limit. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { projectPathSchema } from '#shared/projects/api-schemas.ts';
import { deleteProject } from '#shared/projects/service.ts';

export const handler = apiHandler(routes.deleteProject, {
  path: projectPathSchema,
  handle: async ({ ctx, path, headers, requestId, sourceIp }) => {
    await deleteProject({ ctx, meta: { requestId, sourceIp } }, path.id, requiredIfMatch(headers), {
      store: projectStore(),
    });
    return { statusCode: 204 };
  },
});
