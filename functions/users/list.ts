/** GET /v1/users: the tenant's members, one Query per page, with a sealed cursor. */
import { routes } from '#shared/api/routes.ts';
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { listUsersQuerySchema } from '#shared/members/api-schemas.ts';
import { listMembers } from '#shared/members/service.ts';

export const handler = apiHandler(routes.listUsers, {
  query: listUsersQuerySchema,
  handle: async ({ ctx, query }) =>
    ok(await listMembers({ ctx }, query, await cursorCodec(), memberStore())),
});
