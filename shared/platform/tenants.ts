/**
 * The control plane's view of tenants: find them (by name prefix, owner email, plan, status) and
 * read one's metadata. Support sees metadata, never application data: counts of projects, not
 * projects; the audit trail's newest action, not its contents.
 */
import { type TenantScope, tenantScopeForOperator } from '#shared/auth/tenant-context.ts';
import type { SubscriptionSnapshot } from '#shared/billing/model.ts';
import { tenantDirectoryName } from '#shared/data/keys.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { CursorCodec } from '#shared/http/cursor.ts';
import type { ListPage } from '#shared/http/list.ts';
import { effectivePlan } from '#shared/tenants/effective-plan.ts';
import type { ComplimentaryPlan, Tenant, TenantStore } from '#shared/tenants/model.ts';
import type { FeatureOverrides, LimitOverrides, PlanName } from '#shared/tenants/plans.ts';
import type { UsageReader } from '#shared/usage/model.ts';
import { readTenantUsage, type TenantUsage } from '#shared/usage/usage.ts';
import { type MonthCost, monthToDateCost } from './costs.ts';
import type { DirectoryFilter, TenantDirectory, TenantFactsReader } from './model.ts';
import type { OperatorContext } from './operator-context.ts';

export interface TenantSummary {
  readonly id: string;
  readonly name: string;
  readonly plan: PlanName;
  readonly effectivePlan: PlanName;
  readonly status: Tenant['status'];
  readonly createdAt: string;
}

export interface TenantSearch extends DirectoryFilter {
  readonly ownerEmail?: string;
  readonly limit: number;
  readonly cursor?: string;
}

function summary(tenant: Tenant, now: Date): TenantSummary {
  return {
    id: tenant.tenantId,
    name: tenant.name,
    plan: tenant.plan,
    effectivePlan: effectivePlan(tenant, now),
    status: tenant.status,
    createdAt: tenant.createdAt,
  };
}

function matches(tenant: Tenant, filter: DirectoryFilter): boolean {
  return (
    (filter.plan === undefined || tenant.plan === filter.plan) &&
    (filter.status === undefined || tenant.status === filter.status) &&
    (filter.namePrefix === undefined ||
      tenantDirectoryName(tenant.name).startsWith(tenantDirectoryName(filter.namePrefix)))
  );
}

/** The scope of the tenant an operator named; NotFoundError for an id that cannot be one. */
export function operatorScope(operator: OperatorContext, tenantId: string): TenantScope {
  const scope = tenantScopeForOperator(operator, tenantId);
  if (scope === undefined) throw new NotFoundError('Tenant not found');
  return scope;
}

export async function searchTenants(
  operator: OperatorContext,
  search: TenantSearch,
  codec: CursorCodec,
  deps: { readonly directory: TenantDirectory; readonly tenants: TenantStore },
  now = new Date(),
): Promise<ListPage<TenantSummary>> {
  const { ownerEmail, limit, cursor, ...filter } = search;
  if (ownerEmail !== undefined) {
    // Emails are unique across tenants: one tenant at most, one page.
    const found = await deps.directory.findEmail(ownerEmail);
    if (found === undefined) return { items: [], nextCursor: null };
    const scope = operatorScope(operator, found.tenantId);
    const { tenant, member } = await deps.tenants.getTenantAndMember(scope, found.userId);
    const owns = tenant !== undefined && member?.role === 'owner' && matches(tenant, filter);
    return { items: owns ? [summary(tenant, now)] : [], nextCursor: null };
  }
  const listing = `platform/tenants?name=${filter.namePrefix ?? ''}&plan=${filter.plan ?? ''}&status=${filter.status ?? ''}`;
  const startKey = cursor === undefined ? undefined : codec.decodeForPlatform(listing, cursor);
  const { items, lastKey } = await deps.directory.page(filter, limit, startKey);
  return {
    items: items.map((tenant) => summary(tenant, now)),
    nextCursor: lastKey === undefined ? null : codec.encodeForPlatform(listing, lastKey),
  };
}

export interface TenantDetail extends TenantSummary {
  readonly complimentaryPlan: ComplimentaryPlan | null;
  readonly updatedAt: string;
  readonly requireMfa: boolean;
  readonly ownerEmail: string | null;
  readonly members: number;
  /** This month's requests against the quota and holdings against the effective plan. */
  readonly usage: TenantUsage;
  readonly overrides: {
    readonly limits: LimitOverrides | null;
    readonly features: FeatureOverrides | null;
  };
  readonly lastActivity: { readonly at: string; readonly action: string } | null;
  /** What Stripe last said of the subscription (shared/billing), null without one. */
  readonly subscription: SubscriptionSnapshot | null;
  /** This month so far: cost, revenue from the paid plan, and margin. */
  readonly cost: MonthCost;
}

export interface TenantDetailDependencies {
  readonly facts: TenantFactsReader;
  readonly usage: UsageReader;
  /** The limiter's scale (shared/config/runtime-config.ts limitsConfig), so quotas read as enforced. */
  readonly limitsScale: number;
  readonly cost?: (scope: TenantScope, now: Date) => Promise<MonthCost>;
}

export async function tenantDetail(
  operator: OperatorContext,
  tenantId: string,
  deps: TenantDetailDependencies,
  now = new Date(),
): Promise<TenantDetail> {
  const scope = operatorScope(operator, tenantId);
  const read = await deps.facts.read(scope);
  if (read === undefined) throw new NotFoundError('Tenant not found');
  const { tenant } = read;
  const costing = (deps.cost ?? monthToDateCost)(scope, now);
  const usage = await readTenantUsage(
    {
      ...scope,
      plan: effectivePlan(tenant, now),
      overrides: {
        ...(tenant.limits && { limits: tenant.limits }),
        ...(tenant.features && { features: tenant.features }),
      },
    },
    deps.usage,
    { scale: deps.limitsScale, now },
  );
  return {
    ...summary(tenant, now),
    complimentaryPlan: tenant.complimentaryPlan ?? null,
    updatedAt: tenant.updatedAt,
    requireMfa: tenant.requireMfa === true,
    ownerEmail: read.ownerEmail ?? null,
    members: read.members,
    usage,
    overrides: { limits: tenant.limits ?? null, features: tenant.features ?? null },
    lastActivity: read.lastActivity ?? null,
    subscription: tenant.billing?.subscription ?? null,
    cost: await costing,
  };
}
