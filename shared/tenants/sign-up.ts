/**
 * Tenant sign-up: a Cognito user carrying the new tenant's id, then one transaction with the tenant,
 * its owner and the email guard. Any failure after the user exists deletes it, so nothing is left
 * half-made; a user orphaned by a crash between the two steps is reclaimed by the next attempt.
 */
import { newTenantScope } from '../auth/tenant-context.ts';
import { ConflictError } from '../errors.ts';
import type { UserDirectory } from '../identity/model.ts';
import type { Member, Tenant, TenantStore, TenantWithOwner } from './model.ts';

export interface SignUpRequest {
  readonly tenantName: string;
  readonly email: string;
  readonly password: string;
}

export interface SignUpDependencies {
  readonly store: TenantStore;
  readonly directory: UserDirectory;
  readonly now?: () => Date;
}

/** A sign-up still in flight is younger than this; an older user without a tenant is an orphan. */
export const orphanUserAgeMs = 60_000;

export async function signUpTenant(
  request: SignUpRequest,
  { store, directory, now = () => new Date() }: SignUpDependencies,
): Promise<TenantWithOwner> {
  const scope = newTenantScope();
  if (await store.findEmailOwner(scope, request.email)) {
    throw new ConflictError('An account with this email already exists');
  }
  const newUser = {
    email: request.email,
    password: request.password,
    tenantId: scope.tenantId,
    role: 'owner' as const,
  };
  const { userId } = await createUserReclaimingOrphan(directory, newUser, now());

  const createdAt = now().toISOString();
  const tenant: Tenant = {
    tenantId: scope.tenantId,
    name: request.tenantName,
    plan: 'free',
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
  const owner: Member = {
    tenantId: scope.tenantId,
    userId,
    email: request.email,
    role: 'owner',
    status: 'active',
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
  try {
    await store.createTenantWithOwner(scope, { tenant, owner });
  } catch (error) {
    await directory.deleteUser(request.email);
    throw error;
  }
  return { tenant, owner };
}

async function createUserReclaimingOrphan(
  directory: UserDirectory,
  user: Parameters<UserDirectory['createUser']>[0],
  now: Date,
): Promise<{ userId: string }> {
  try {
    return await directory.createUser(user);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    // No email guard exists (checked above), so this user belongs to no tenant yet.
    const existing = await directory.findUser(user.email);
    if (!existing || now.getTime() - existing.createdAt.getTime() < orphanUserAgeMs) throw error;
    await directory.deleteUser(user.email);
    return directory.createUser(user);
  }
}
