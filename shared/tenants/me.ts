/** Who the caller is: identity and plan from the verified context, display fields in one read, features. */
import { isEmailVerified } from '#shared/accounts/verified.ts';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { TenantStore } from './model.ts';
import type { FeatureName } from './plans.ts';
import { type MemberView, memberView, type TenantView, tenantView } from './views.ts';

export interface CallerView {
  readonly user: MemberView;
  readonly tenant: TenantView;
  readonly role: TenantContext['role'];
  readonly plan: TenantContext['plan'];
  readonly features: readonly FeatureName[];
  readonly account: {
    readonly emailVerified: boolean;
    readonly mfaEnabled: boolean;
  };
}

export async function describeCaller(
  ctx: TenantContext,
  store: TenantStore,
  features: (ctx: TenantContext) => Promise<readonly FeatureName[]>,
): Promise<CallerView> {
  const [{ tenant, member }, enabled] = await Promise.all([
    store.getTenantAndMember(ctx, ctx.userId),
    features(ctx),
  ]);
  if (!tenant || !member) throw new NotFoundError('Caller no longer exists');
  return {
    user: memberView(member),
    tenant: tenantView(tenant),
    role: ctx.role,
    plan: ctx.plan,
    features: enabled,
    account: {
      emailVerified: isEmailVerified(member),
      mfaEnabled: member.mfaEnabled === true,
    },
  };
}
