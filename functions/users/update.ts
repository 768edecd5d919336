/** PATCH /v1/users/{userId}: change a member's role; If-Match required; never above the caller's own role. */
import { routes } from '#shared/api/routes.ts';
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { etag, requiredIfMatch } from '#shared/http/preconditions.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { updateUserBodySchema, userPathSchema } from '#shared/members/api-schemas.ts';
import { changeMemberRole } from '#shared/members/service.ts';

export const handler = apiHandler(routes.updateUser, {
  path: userPathSchema,
  body: updateUserBodySchema,
  handle: async ({ ctx, path, body, headers, requestId, sourceIp }) => {
    const { member, version } = await changeMemberRole(
      { ctx, meta: { requestId, sourceIp } },
      path.userId,
      requiredIfMatch(headers),
      body.role,
      { store: memberStore(), directory: userDirectory() },
    );
    return ok(member, { etag: etag(version) });
  },
});
