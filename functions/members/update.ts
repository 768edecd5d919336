/** PATCH /v1/members/{userId}: change a member's role; If-Match required; never above the caller's own role. */
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { changeMemberRole } from '#shared/members/service.ts';

export const handler = apiHandler(memberRoutes.updateMember, {
  handle: async ({ caller, path, body, headers }) => {
    const { member, version } = await changeMemberRole(
      caller,
      path.userId,
      requiredIfMatch(headers),
      body.role,
      { store: memberStore(), directory: userDirectory() },
    );
    return ok(member, { etag: etag(version) });
  },
});
