/** Who the caller is: identity and plan from the verified context, display fields in one read. */
import { isEmailVerified } from '#shared/accounts/verified.ts';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { TenantStore } from './model.ts';
import { type MemberView, memberView, type TenantView, tenantView } from './views.ts';

export interface CallerView {
  readonly user: MemberView;
  readonly tenant: TenantView;
  readonly role: TenantContext['role'];
  readonly plan: TenantContext['plan'];
  readonly account: {
    readonly emailVerified: boolean;
    readonly mfaEnabled: boolean;
  };
}

export async function describeCaller(ctx: TenantContext, store: TenantStore): Promise<CallerView> {
  const { tenant, member } = await store.getTenantAndMember(ctx, ctx.userId);
  if (!tenant || !member) throw new NotFoundError('Caller no longer exists');
  return {
    user: memberView(member),
    tenant: tenantView(tenant),
    role: ctx.role,
    plan: ctx.plan,
    account: {
      emailVerified: isEmailVerified(member),
      mfaEnabled: member.mfaEnabled === true,
    },
  };
}
