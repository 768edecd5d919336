/**
 * Tenant sign-up: a Cognito user carrying the new tenant's id, then one transaction with the tenant,
 * its owner and the email guard. Any failure after the user exists deletes it, so nothing is left
 * half-made; a user orphaned by a crash between the two steps is reclaimed by the next attempt.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import { newTenantScope, type TenantScope } from '#shared/auth/tenant-context.ts';
import { ConflictError } from '#shared/errors.ts';
import { createUserReclaimingOrphan } from '#shared/identity/create-user.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import type { RequestMeta } from '#shared/requests.ts';
import type { Member, Tenant, TenantStore, TenantWithOwner } from './model.ts';

export { orphanUserAgeMs } from '#shared/identity/create-user.ts';

export interface SignUpRequest {
  readonly tenantName: string;
  readonly email: string;
  readonly password: string;
}

export interface SignUpDependencies {
  readonly store: TenantStore;
  readonly directory: UserDirectory;
  /**
   * Mails the owner their verification code once the tenant exists (shared/accounts). Without it
   * the owner stays unverified until a resend.
   */
  readonly sendVerification?: (
    scope: TenantScope,
    owner: { readonly userId: string; readonly email: string },
    meta: RequestMeta,
  ) => Promise<void>;
  readonly now?: () => Date;
}

export async function signUpTenant(
  request: SignUpRequest,
  { store, directory, sendVerification, now = () => new Date() }: SignUpDependencies,
  meta: RequestMeta,
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
    emailVerified: false,
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
    // Until the owner enters the mailed code: see shared/accounts/verified.ts.
    emailVerified: false,
  };
  const audit = auditEvent(
    {
      actorId: userId,
      action: 'tenant.created',
      target: { type: 'tenant', id: scope.tenantId },
      meta,
      details: { plan: tenant.plan },
    },
    new Date(createdAt),
  );
  try {
    await store.createTenantWithOwner(scope, { tenant, owner }, audit);
  } catch (error) {
    await directory.deleteUser(request.email);
    throw error;
  }
  await sendVerification?.(scope, { userId, email: request.email }, meta);
  return { tenant, owner };
}
