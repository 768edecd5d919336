/** GET /v1/members/{userId}: one member with its ETag; another tenant's user is a plain 404. */
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { versionedRead } from '#shared/http/preconditions.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { getMember } from '#shared/members/service.ts';

export const handler = apiHandler(memberRoutes.getMember, {
  handle: async ({ ctx, path, headers }) => {
    const { member, version } = await getMember({ ctx }, path.userId, memberStore());
    return versionedRead(headers, member, version);
  },
});
