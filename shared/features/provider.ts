/**
 * Our OpenFeature provider: boolean flags resolved per tenant by resolveFeature, from definitions
 * of a FlagSource. The evaluation context carries the tenant (targetingKey), its plan and its
 * feature overrides; only the API's own features.ts builds it, from a verified TenantContext.
 */
import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
  StandardResolutionReasons,
} from '@openfeature/server-sdk';
import {
  type FeatureOverrides,
  featureNameSchema,
  featureOverridesSchema,
  planNameSchema,
} from '#shared/tenants/plans.ts';
import type { FlagSource } from './flag-source.ts';
import { type FeatureReason, resolveFeature } from './resolve.ts';

const reasons: Readonly<Record<FeatureReason, string>> = {
  override: StandardResolutionReasons.TARGETING_MATCH,
  plan: StandardResolutionReasons.TARGETING_MATCH,
  rollout: StandardResolutionReasons.SPLIT,
  default: StandardResolutionReasons.DEFAULT,
};

function unsupported<T>(defaultValue: T): Promise<ResolutionDetails<T>> {
  return Promise.resolve({
    value: defaultValue,
    reason: StandardResolutionReasons.ERROR,
    errorCode: ErrorCode.TYPE_MISMATCH,
    errorMessage: 'TenantKit flags are boolean',
  });
}

export class TenantFeatureProvider implements Provider {
  readonly runsOn = 'server';
  readonly metadata = { name: 'tenantkit' } as const;

  constructor(private readonly source: FlagSource) {}

  async resolveBooleanEvaluation(
    flagKey: string,
    defaultValue: boolean,
    context: EvaluationContext,
  ): Promise<ResolutionDetails<boolean>> {
    const name = featureNameSchema.safeParse(flagKey);
    if (!name.success) {
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.FLAG_NOT_FOUND,
      };
    }
    const plan = planNameSchema.safeParse(context.plan);
    if (context.targetingKey === undefined || !plan.success) {
      return {
        value: defaultValue,
        reason: StandardResolutionReasons.ERROR,
        errorCode: ErrorCode.TARGETING_KEY_MISSING,
      };
    }
    const overrides = featureOverridesSchema.safeParse(context.overrides ?? {});
    const resolution = resolveFeature(
      name.data,
      {
        tenantId: context.targetingKey,
        plan: plan.data,
        ...(overrides.success && { overrides: overrides.data as FeatureOverrides }),
      },
      await this.source(),
    );
    return {
      value: resolution.enabled,
      reason: reasons[resolution.reason],
      variant: resolution.reason,
    };
  }

  resolveStringEvaluation(_flag: string, defaultValue: string): Promise<ResolutionDetails<string>> {
    return unsupported(defaultValue);
  }

  resolveNumberEvaluation(_flag: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return unsupported(defaultValue);
  }

  resolveObjectEvaluation<T extends JsonValue>(
    _flag: string,
    defaultValue: T,
  ): Promise<ResolutionDetails<T>> {
    return unsupported(defaultValue);
  }
}
