/** GET /v1/members: the tenant's members, one Query per page, with a sealed cursor. */
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { listMembers } from '#shared/members/service.ts';

export const handler = apiHandler(memberRoutes.listMembers, {
  handle: async ({ ctx, query }) =>
    ok(await listMembers({ ctx }, query, await cursorCodec(), memberStore())),
});
