/** The audit listing's query and response schemas. */
import * as z from 'zod/mini';
import { pageQueryShape } from '#shared/http/list.ts';
import { auditActionSchema } from './model.ts';

export const listAuditQuerySchema = z.strictObject({
  ...pageQueryShape,
  action: z.optional(auditActionSchema),
});

export const auditEventViewSchema = z
  .object({
    id: z.string(),
    occurredAt: z.string().check(z.meta({ format: 'date-time' })),
    actor: z.object({
      id: z.string().check(z.meta({ description: 'A user id, or `system` for automatic changes' })),
    }),
    action: z.string().check(z.meta({ example: 'member.role_changed' })),
    target: z.object({ type: z.string(), id: z.string() }),
    requestId: z.string(),
    sourceIp: z.string(),
    details: z.record(z.string(), z.unknown()),
  })
  .check(z.meta({ id: 'AuditEvent' }));
