/** PATCH /v1/projects/{id}: change fields; If-Match required, a stale ETag is a 412 and writes nothing. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { projectPathSchema, updateProjectBodySchema } from '#shared/projects/api-schemas.ts';
import { updateProject } from '#shared/projects/service.ts';

export const handler = apiHandler(routes.updateProject, {
  path: projectPathSchema,
  body: updateProjectBodySchema,
  handle: async ({ ctx, path, body, headers, requestId, sourceIp }) => {
    const project = await updateProject(
      { ctx, meta: { requestId, sourceIp } },
      path.id,
      requiredIfMatch(headers),
      body,
      { store: projectStore() },
    );
    return ok(project, { etag: etag(project.version) });
  },
});
