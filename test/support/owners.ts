/** Signs a tenant up through the domain code and returns its owner's verified context, for integration tests. */
import { type TenantContext, tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import { tenantStore } from '#shared/data/stores.ts';
import { userDirectory } from '#shared/identity/cognito-directory.ts';
import type { RequestMeta } from '#shared/requests.ts';
import { signUpTenant } from '#shared/tenants/sign-up.ts';
import { markEmailVerified, uniqueEmail, validPassword } from './tenants.ts';

export async function signedUpOwner(
  tenantName: string,
  meta: RequestMeta,
): Promise<{ ctx: TenantContext; email: string }> {
  const email = uniqueEmail();
  const { tenant, owner } = await signUpTenant(
    { tenantName, email, password: validPassword },
    { store: tenantStore(), directory: userDirectory() },
    meta,
  );
  const ctx = tenantContextFromAuthorizer({
    tenantId: tenant.tenantId,
    userId: owner.userId,
    role: 'owner',
    plan: 'free',
    mfaSetupRequired: 'false',
  });
  if (!ctx) throw new Error('sign-up returned no usable tenant context');
  // As if the owner had entered the mailed code: most tests need a fully usable owner.
  await markEmailVerified(ctx.tenantId, ctx.userId);
  return { ctx, email };
}
