/** GET /v1/audit: the tenant's audit trail, newest first, optionally one action; read-only by design. */
import { auditRoutes } from '#shared/audit/routes.ts';
import { listAuditEvents } from '#shared/audit/service.ts';
import { auditStore } from '#shared/data/stores.ts';
import { apiHandler, ok } from '#shared/http/api-handler.ts';
import { cursorCodec } from '#shared/http/cursor.ts';

export const handler = apiHandler(auditRoutes.listAudit, {
  handle: async ({ ctx, query }) =>
    ok(await listAuditEvents(ctx, query, await cursorCodec(), auditStore())),
});
