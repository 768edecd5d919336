/** DELETE /v1/members/{userId}: remove a member and disable their sign-in; If-Match required; never the owner. */
import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, noContent } from '#shared/http/api-handler.ts';
import { requiredIfMatch } from '#shared/http/preconditions.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { removeMember } from '#shared/members/service.ts';

export const handler = apiHandler(memberRoutes.removeMember, {
  handle: async ({ caller, path, headers }) => {
    await removeMember(caller, path.userId, requiredIfMatch(headers), {
      store: memberStore(),
      directory: userDirectory(),
    });
    await flushAuthorizers();
    return noContent();
  },
});
