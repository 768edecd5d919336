/** POST /v1/projects: create a project; idempotent with an Idempotency-Key; 402 over the plan's limit. */
import { routes } from '#shared/api/routes.ts';
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { createProjectBodySchema } from '#shared/projects/api-schemas.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { createResource } from '#shared/resources/service.ts';

export const handler = apiHandler(routes.createProject, {
  body: createProjectBodySchema,
  handle: async ({ ctx, body, idempotency, requestId, sourceIp }) => {
    const { body: project, replayed } = await createResource(
      projectResource,
      { ctx, meta: { requestId, sourceIp } },
      body,
      idempotency,
      { store: projectStore() },
    );
    return created(project, {
      etag: etag(project.version),
      location: `/v1/projects/${project.id}`,
      ...(replayed && { 'idempotent-replayed': 'true' }),
    });
  },
});
