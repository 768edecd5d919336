/**
 * Creates the Cognito user of a new account (sign-up or an accepted invitation). A user left behind
 * by a crash between creating it and the database write that makes it a member is an orphan; the
 * next attempt with that email reclaims it, once it is old enough not to be an attempt in flight.
 */
import { ConflictError } from '#shared/errors.ts';
import type { NewUser, UserDirectory } from './model.ts';

/** An account creation still in flight is younger than this; an older user without a member is an orphan. */
export const orphanUserAgeMs = 60_000;

/**
 * Callers must have checked that no email guard exists for `user.email`: only then does an
 * existing Cognito user belong to no tenant.
 */
export async function createUserReclaimingOrphan(
  directory: UserDirectory,
  user: NewUser,
  now: Date,
): Promise<{ userId: string }> {
  try {
    return await directory.createUser(user);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await directory.findUser(user.email);
    if (!existing || now.getTime() - existing.createdAt.getTime() < orphanUserAgeMs) throw error;
    await directory.deleteUser(user.email);
    return directory.createUser(user);
  }
}
