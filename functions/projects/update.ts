/** PATCH /v1/projects/{id}: change fields; If-Match required, a stale ETag is a 412 and writes nothing. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { updateProjectBodySchema } from '#shared/projects/api-schemas.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { resourcePathSchema } from '#shared/resources/api-schemas.ts';
import { updateResource } from '#shared/resources/service.ts';

export const handler = apiHandler(routes.updateProject, {
  path: resourcePathSchema,
  body: updateProjectBodySchema,
  handle: async ({ ctx, path, body, headers, requestId, sourceIp }) => {
    const project = await updateResource(
      projectResource,
      { ctx, meta: { requestId, sourceIp } },
      path.id,
      requiredIfMatch(headers),
      body,
      { store: projectStore() },
    );
    return ok(project, { etag: etag(project.version) });
  },
});
