/** DELETE /v1/users/{userId}: remove a member and disable their sign-in; If-Match required; never the owner. */
import { routes } from '#shared/api/routes.ts';
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { userPathSchema } from '#shared/members/api-schemas.ts';
import { removeMember } from '#shared/members/service.ts';

export const handler = apiHandler(routes.deleteUser, {
  path: userPathSchema,
  handle: async ({ ctx, path, headers, requestId, sourceIp }) => {
    await removeMember(
      { ctx, meta: { requestId, sourceIp } },
      path.userId,
      requiredIfMatch(headers),
      { store: memberStore(), directory: userDirectory() },
    );
    return { statusCode: 204 };
  },
});
