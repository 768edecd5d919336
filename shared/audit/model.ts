/** Audit events as they are read back, and the port of their store. */
import * as z from 'zod/mini';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import type { AuditEvent } from './audit-log.ts';

/** Dotted verbs such as `member.role_changed`; the listing's `?action=` filter takes the same shape. */
export const auditActionSchema = z
  .string()
  .check(
    z.regex(/^[a-z][a-z_]{0,39}(\.[a-z][a-z_]{0,39}){1,3}$/, 'an action such as member.removed'),
  );

export const storedAuditEventSchema = z.object({
  eventId: z.string(),
  occurredAt: z.string(),
  actorId: z.string(),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }),
  requestId: z.string(),
  sourceIp: z.string(),
  details: z.optional(z.record(z.string(), z.unknown())),
});

export interface AuditPage {
  readonly items: readonly AuditEvent[];
  readonly lastKey: PageKey | undefined;
}

/** Persistence port for audit events: append and read, never update or delete. */
export interface AuditStore {
  /** Records an event that goes with no other write (a sign-in). */
  record(scope: TenantScope, event: AuditEvent): Promise<void>;
  /** Newest first; with `action`, exactly that action's events (an index, not a filter). */
  list(
    scope: TenantScope,
    query: { readonly action?: string; readonly limit: number; readonly startKey?: PageKey },
  ): Promise<AuditPage>;
}
