/** POST /v1/tenant/transfer-ownership: the owner hands the tenant to another member and becomes an admin. */
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { memberRoutes } from '#shared/members/routes.ts';
import { transferOwnership } from '#shared/members/service.ts';

export const handler = apiHandler(memberRoutes.transferOwnership, {
  handle: async ({ caller, body }) =>
    ok(
      await transferOwnership(caller, body.userId, {
        store: memberStore(),
        directory: userDirectory(),
      }),
    ),
});
