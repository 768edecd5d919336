/** POST /v1/projects: create a project; idempotent with an Idempotency-Key; 402 over the plan's limit. */
import { projectStore } from '#shared/data/stores.ts';
import { apiHandler, created } from '#shared/http/api-handler.ts';
import { etag } from '#shared/http/preconditions.ts';
import { projectResource } from '#shared/projects/resource.ts';
import { projectRoutes } from '#shared/projects/routes.ts';
import { createResource } from '#shared/resources/service.ts';

export const handler = apiHandler(projectRoutes.createProject, {
  handle: async ({ caller, body, idempotency }) => {
    const { body: project, replayed } = await createResource(
      projectResource,
      caller,
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
