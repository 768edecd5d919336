/** POST /v1/tenant/transfer-ownership: the owner hands the tenant to another member and becomes an admin. */
import { routes } from '#shared/api/routes.ts';
import { memberStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import { transferOwnershipBodySchema } from '#shared/members/api-schemas.ts';
import { transferOwnership } from '#shared/members/service.ts';

export const handler = apiHandler(routes.transferOwnership, {
  body: transferOwnershipBodySchema,
  handle: async ({ ctx, body, requestId, sourceIp }) =>
    ok(
      await transferOwnership({ ctx, meta: { requestId, sourceIp } }, body.userId, {
        store: memberStore(),
        directory: userDirectory(),
      }),
    ),
});
