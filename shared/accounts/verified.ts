/**
 * What an account with an unverified email may do. Sign-up creates the tenant at once, but until
 * the owner enters the mailed code they cannot reach anyone else or take data out: no invitations,
 * no export, no checkout (billing calls this when it lands). Everything inside the tenant (reading,
 * projects, settings, sign-in, password and MFA) works, so a typo in the address costs nothing but
 * a resend.
 */
import { ForbiddenError } from '#shared/errors.ts';

export type VerifiedOnlyAction = 'invite' | 'export' | 'checkout';

/** Accounts made before verification existed, and invitees, have no flag: they count as verified. */
export function isEmailVerified(member: { readonly emailVerified?: boolean }): boolean {
  return member.emailVerified !== false;
}

export function assertEmailVerified(
  member: { readonly emailVerified?: boolean },
  action: VerifiedOnlyAction,
): void {
  if (!isEmailVerified(member)) {
    throw new ForbiddenError('Verify your email address first (POST /v1/auth/verify-email)', {
      reason: 'email_not_verified',
      action,
    });
  }
}
