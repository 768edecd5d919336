/**
 * Whether a feature is on for one tenant, in the documented order: the operator's override on the
 * tenant, the plan, a rollout percentage by a stable hash of tenant and flag, the flag's default.
 */
import { createHash } from 'node:crypto';
import {
  type FeatureName,
  type FeatureOverrides,
  type PlanName,
  plans,
} from '#shared/tenants/plans.ts';
import type { FlagDefinitions } from './definitions.ts';

export type FeatureReason = 'override' | 'plan' | 'rollout' | 'default';

export interface FeatureSubject {
  readonly tenantId: string;
  readonly plan: PlanName;
  readonly overrides?: FeatureOverrides;
}

export interface FeatureResolution {
  readonly enabled: boolean;
  readonly reason: FeatureReason;
}

/**
 * A tenant's bucket 0..99 for a flag: the same tenant always lands in the same bucket for the same
 * flag (so raising a rollout only adds tenants), and different flags spread independently.
 */
export function rolloutBucket(tenantId: string, flag: string): number {
  return createHash('sha256').update(`${flag}:${tenantId}`).digest().readUInt32BE(0) % 100;
}

export function resolveFeature(
  name: FeatureName,
  subject: FeatureSubject,
  definitions: FlagDefinitions,
): FeatureResolution {
  const override = subject.overrides?.[name];
  if (override !== undefined) return { enabled: override, reason: 'override' };
  const planValue = plans[subject.plan].features[name];
  if (planValue !== undefined) return { enabled: planValue, reason: 'plan' };
  const definition = definitions[name];
  if (definition?.rolloutPercentage !== undefined) {
    return {
      enabled: rolloutBucket(subject.tenantId, name) < definition.rolloutPercentage,
      reason: 'rollout',
    };
  }
  return { enabled: definition?.enabled ?? false, reason: 'default' };
}
