/** Who asked and from where: carried from the HTTP layer into domain writes for the audit trail. */
import type { TenantContext } from './auth/tenant-context.ts';

export interface RequestMeta {
  readonly requestId: string;
  readonly sourceIp: string;
}

/** A tenant request as the domain sees it: the verified caller plus request metadata. */
export interface Caller {
  readonly ctx: TenantContext;
  readonly meta: RequestMeta;
}

/** The keys that tie a log line to its request, tenant and user. */
export interface RequestLogKeys {
  readonly requestId: string;
  readonly tenantId?: string;
  readonly userId?: string;
}

/** The caller's log keys; a request's log lines pass them explicitly (see `observability/logger.ts`). */
export function callerLogKeys({ ctx, meta }: Caller): RequestLogKeys {
  return { requestId: meta.requestId, tenantId: ctx.tenantId, userId: ctx.userId };
}
