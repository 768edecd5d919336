/** Invitations: the stored record, the token that redeems one, and the port their store implements. */
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { AuditedCreate } from '#shared/data/audited-create.ts';
import type { IdempotencyRequest, StoredResponse } from '#shared/data/idempotency.ts';
import type { PageKey } from '#shared/http/cursor.ts';
import { assignableRoleSchema } from '#shared/members/model.ts';
import type { Member } from '#shared/tenants/model.ts';

/** Seven days, by the TTL attribute and by an explicit check when the token is redeemed. */
export const invitationLifetimeSeconds = 7 * 24 * 60 * 60;

export const invitationStatusSchema = z.enum(['pending', 'accepted', 'revoked', 'expired']);
export type InvitationStatus = z.infer<typeof invitationStatusSchema>;

export const invitationSchema = z.object({
  invitationId: z.string(),
  email: z.string(),
  role: assignableRoleSchema,
  status: invitationStatusSchema,
  /** SHA-256 of the token; the token itself exists only in the email. */
  tokenHash: z.string(),
  invitedBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Epoch seconds; the table's TTL attribute. */
  expiresAt: z.number().check(z.int()),
  acceptedBy: z.optional(z.string()),
  version: z.number().check(z.int()),
});
export type Invitation = z.infer<typeof invitationSchema>;

/** 32 random bytes, base64url: what the invitee receives. */
export const invitationTokenSchema = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9_-]{43}$/, 'not an invitation token'),
    z.meta({ example: 'Wm9vb29vb29vb29vb29vb29vb29vb29vb29vb29vb28' }),
  );

export function newInvitationToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('base64url');
}

export type InviteOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'seatLimitReached' }
  | { readonly kind: 'emailPending' }
  | { readonly kind: 'emailRegistered' }
  | { readonly kind: 'keyAlreadyUsed' };

export type AcceptOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'emailRegistered' }
  | { readonly kind: 'notPending' };

export interface InvitationPage {
  readonly items: readonly Invitation[];
  readonly lastKey: PageKey | undefined;
}

/** Persistence port for invitations and the seats they hold. Every change is audited in its transaction. */
export interface InvitationStore {
  /**
   * Writes the invitation, its token lookup and its pending-email lock, and takes a seat, all or
   * nothing; refuses when the seats are taken, the email has a pending invitation here or an
   * account anywhere, or the idempotency key was used.
   */
  create(
    scope: TenantScope,
    invitation: Invitation,
    options: AuditedCreate & { readonly maxSeats: number },
  ): Promise<InviteOutcome>;
  get(scope: TenantScope, invitationId: string): Promise<Invitation | undefined>;
  list(
    scope: TenantScope,
    query: { readonly limit: number; readonly startKey?: PageKey },
  ): Promise<InvitationPage>;
  /**
   * Moves a pending invitation to `revoked` or `expired`, drops its token and frees its seat.
   * False when it was not pending any more. With `releaseIdempotency`, also forgets that key.
   */
  close(
    scope: TenantScope,
    invitation: Invitation,
    status: 'revoked' | 'expired',
    audit: AuditEvent,
    releaseIdempotency?: IdempotencyRequest,
  ): Promise<boolean>;
  /** The tenant and invitation a token hash belongs to, from the global lookup item. */
  findToken(tokenHash: string): Promise<{ tenantId: string; invitationId: string } | undefined>;
  /**
   * Makes the invitee a member: member item, email guard, invitation `accepted`, token dropped, in
   * one transaction. The seat the invitation held is the member's now.
   */
  accept(
    scope: TenantScope,
    invitation: Invitation,
    member: Member,
    audit: AuditEvent,
  ): Promise<AcceptOutcome>;
  /** Pending invitations past their expiry (a Query of this tenant's invitations only). */
  overdue(scope: TenantScope, nowSeconds: number): Promise<Invitation[]>;
  /**
   * Recounts members plus pending invitations and corrects the seat counter if it drifted (an
   * invitation the TTL deleted while pending). True when it changed the counter.
   */
  reconcileSeats(scope: TenantScope): Promise<boolean>;
  storedResponse(
    scope: TenantScope,
    request: IdempotencyRequest,
    now: Date,
  ): Promise<StoredResponse | undefined>;
}
