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

/** The keys that tie a log line to its request, tenant and user (appended by the API middleware). */
export interface RequestLogKeys {
  readonly requestId: string;
  readonly tenantId?: string;
  readonly userId?: string;
}
