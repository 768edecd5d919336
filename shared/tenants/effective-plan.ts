/**
 * The plan a tenant's limits and features follow: an operator's complimentary plan while its end
 * date is in the future, else the plan the tenant pays for. Every limit reader reads `ctx.plan`,
 * which the authorizer sets from here (shared/auth/tenant-context.ts toTenantContext).
 */
import type { ComplimentaryPlan } from './model.ts';
import type { PlanName } from './plans.ts';

export function effectivePlan(
  tenant: { readonly plan: PlanName; readonly complimentaryPlan?: ComplimentaryPlan | undefined },
  now: Date,
): PlanName {
  const complimentary = tenant.complimentaryPlan;
  if (complimentary === undefined) return tenant.plan;
  return Date.parse(complimentary.until) > now.getTime() ? complimentary.plan : tenant.plan;
}
