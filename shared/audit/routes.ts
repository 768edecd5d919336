/** The audit route: the tenant's trail, read-only by design. */
import { pageSchema } from '#shared/api-docs/common-schemas.ts';
import { can } from '#shared/auth/permissions.ts';
import type { RouteDefinition } from '#shared/http/route.ts';
import { auditEventViewSchema, listAuditQuerySchema } from './api-schemas.ts';

export const auditRoutes = {
  listAudit: {
    method: 'GET',
    path: '/v1/audit',
    entry: 'functions/audit/list.ts',
    auth: 'tenant',
    ...can('readAudit'),
    table: 'read',
    cursors: true,
    docs: {
      summary: 'Read the audit trail, newest first',
      description:
        '`?action=` returns exactly that action, a full page at a time (an index, not a filter).',
      tag: 'Audit',
    },
    request: { query: listAuditQuerySchema },
    response: {
      status: 200,
      description: 'One page',
      body: pageSchema(auditEventViewSchema, 'AuditPage'),
    },
  },
} as const satisfies Record<string, RouteDefinition>;
