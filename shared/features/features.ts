/**
 * The one way the API asks "is feature X on for this tenant?": OpenFeature as the interface, our
 * provider behind it, set once per cold start from the configured flag source.
 */
import { OpenFeature } from '@openfeature/server-sdk';
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { once } from '#shared/config/env.ts';
import { type FeatureName, featureNames } from '#shared/tenants/plans.ts';
import { configuredFlagSource } from './flag-source.ts';
import { TenantFeatureProvider } from './provider.ts';

const client = once(() => {
  OpenFeature.setProvider(new TenantFeatureProvider(configuredFlagSource()));
  return OpenFeature.getClient();
});

function evaluationContext(ctx: TenantContext): {
  targetingKey: string;
  plan: string;
  overrides: Record<string, boolean>;
} {
  return { targetingKey: ctx.tenantId, plan: ctx.plan, overrides: { ...ctx.overrides?.features } };
}

export async function isFeatureEnabled(ctx: TenantContext, name: FeatureName): Promise<boolean> {
  // Off when anything goes wrong: a feature is a grant, so failing closed is the safe side.
  return client().getBooleanValue(name, false, evaluationContext(ctx));
}

/** The features on for the caller's tenant, in the order of the feature list. */
export async function enabledFeatures(ctx: TenantContext): Promise<FeatureName[]> {
  const values = await Promise.all(featureNames.map((name) => isFeatureEnabled(ctx, name)));
  return featureNames.filter((_, index) => values[index]);
}
