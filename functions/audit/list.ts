/** GET /v1/audit: the tenant's audit trail, newest first, optionally one action; read-only by design. */
import { routes } from '#shared/api/routes.ts';
import { listAuditQuerySchema } from '#shared/audit/api-schemas.ts';
import { listAuditEvents } from '#shared/audit/service.ts';
import { auditStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';

export const handler = apiHandler(routes.listAudit, {
  query: listAuditQuerySchema,
  handle: async ({ ctx, query }) =>
    ok(await listAuditEvents(ctx, query, await cursorCodec(), auditStore())),
});
