/** Account state as the domain sees it (codes, MFA sign-ins) and the port its store implements. */
import type { AuditEvent } from '#shared/audit/audit-log.ts';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import type { CodePurpose, StoredCode } from './one-time-codes.ts';

/** What redeeming a code changes on the member, in the same transaction as the redemption. */
export interface MemberChange {
  readonly emailVerified?: true;
  /** Epoch seconds: every token authenticated at or before it is refused (a sign-out). */
  readonly signedOutAt?: number;
}

/** An email change as the confirming transaction writes it. */
export interface EmailChange {
  readonly userId: string;
  readonly oldEmail: string;
  readonly newEmail: string;
  /** Epoch seconds: the change ends every session, as a password change does. */
  readonly signedOutAt: number;
  readonly updatedAt: string;
}

/** How an email change's transaction ended: written, or refused with nothing written. */
export type EmailChangeOutcome = 'changed' | 'codeGone' | 'emailTaken' | 'memberChanged';

/** A password sign-in waiting for its TOTP code. */
export interface PendingMfaSignIn {
  readonly userId: string;
  readonly email: string;
  /** SHA-256 of the session handed to the client; the session itself is never stored. */
  readonly sessionHash: string;
  /** Cognito's own challenge session, passed back to RespondToAuthChallenge. */
  readonly challengeSession: string;
  /** Epoch seconds; also the item's TTL. */
  readonly expiresAt: number;
  readonly attempts: number;
}

/** Persistence port of the account flows. Every write that changes a member carries its audit event. */
export interface AccountStore {
  /** The tenant and user an email signs in as (its guard item), or undefined. */
  findByEmail(email: string): Promise<{ tenantId: string; userId: string } | undefined>;
  /** Stores a code, replacing any earlier code of that user and purpose. */
  putCode(scope: TenantScope, code: StoredCode): Promise<void>;
  getCode(
    scope: TenantScope,
    purpose: CodePurpose,
    userId: string,
  ): Promise<StoredCode | undefined>;
  /** Counts a wrong guess; the guess that reaches the limit deletes the code. */
  countWrongCode(scope: TenantScope, code: StoredCode, maxAttempts: number): Promise<void>;
  /**
   * Deletes the code (only while it is this very code) and applies `change` to its user with the
   * audit event, all at once; false when the code was redeemed or replaced meanwhile.
   */
  redeemCode(
    scope: TenantScope,
    code: StoredCode,
    change: MemberChange,
    audit: AuditEvent,
  ): Promise<boolean>;
  /**
   * Redeems an email change's code and moves the member to the new email everywhere the table holds
   * it (member item and its by-email index entry, the email guards), with the audit event, all at
   * once: `emailTaken` when another account holds the new email, `codeGone` when the code was
   * redeemed or replaced meanwhile, `memberChanged` when the member's email is no longer the old one.
   */
  changeEmail(
    scope: TenantScope,
    code: StoredCode,
    change: EmailChange,
    audit: AuditEvent,
  ): Promise<EmailChangeOutcome>;
  /** Marks the member signed out at `signedOutAt` with its audit event (no code involved). */
  updateMember(
    scope: TenantScope,
    userId: string,
    change: MemberChange & { readonly mfaEnabled?: boolean },
    audit: AuditEvent,
  ): Promise<void>;
  putMfaSignIn(scope: TenantScope, pending: PendingMfaSignIn): Promise<void>;
  getMfaSignIn(scope: TenantScope, userId: string): Promise<PendingMfaSignIn | undefined>;
  /** Counts a wrong code; the one that reaches the limit deletes the pending sign-in. */
  countWrongMfaCode(
    scope: TenantScope,
    pending: PendingMfaSignIn,
    maxAttempts: number,
  ): Promise<void>;
  /** Ends a pending sign-in; false when it was ended already (a concurrent use of the session). */
  endMfaSignIn(scope: TenantScope, pending: PendingMfaSignIn): Promise<boolean>;
  /**
   * Records a TOTP code as used until `expiresAt` (epoch seconds); false when it is recorded and
   * still inside that window, i.e. a replay.
   */
  markTotpCodeUsed(
    scope: TenantScope,
    userId: string,
    codeHash: string,
    expiresAt: number,
    nowSeconds: number,
  ): Promise<boolean>;
}
