/** Reading the audit trail: newest first, exact pages, optionally one action only. */
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import type { AuditEvent } from './audit-log.ts';
import type { AuditStore } from './model.ts';

export interface AuditEventView {
  readonly id: string;
  readonly occurredAt: string;
  readonly actor: { readonly id: string };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly requestId: string;
  readonly sourceIp: string;
  readonly details: Readonly<Record<string, unknown>>;
}

export function auditEventView(event: AuditEvent): AuditEventView {
  return {
    id: event.eventId,
    occurredAt: event.occurredAt,
    actor: { id: event.actorId },
    action: event.action,
    target: event.target,
    requestId: event.requestId,
    sourceIp: event.sourceIp,
    details: event.details ?? {},
  };
}

export async function listAuditEvents(
  ctx: TenantContext,
  query: { readonly action?: string; readonly limit: number; readonly cursor?: string },
  codec: CursorCodec,
  store: AuditStore,
): Promise<ListPage<AuditEventView>> {
  const listing = `audit?action=${query.action ?? '*'}`;
  const startKey =
    query.cursor === undefined ? undefined : codec.decode(ctx, listing, query.cursor);
  const page = await store.list(ctx, {
    ...(query.action !== undefined && { action: query.action }),
    limit: query.limit,
    ...(startKey && { startKey }),
  });
  return {
    items: page.items.map(auditEventView),
    nextCursor: page.lastKey ? codec.encode(ctx, listing, page.lastKey) : null,
  };
}
