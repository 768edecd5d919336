/**
 * The request limiter as the API uses it: configuration, the store, the clock and the fail-open
 * budget put together once. Tenant routes draw from the tenant's bucket; public routes from their
 * source IP's; sign-in also from its failure budgets.
 */
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { limitsConfig } from '#shared/config/runtime-config.ts';
import { limitStore } from '#shared/data/stores.ts';
import { isTooManyRequests } from '#shared/errors.ts';
import { withinBudget } from './fail-open.ts';
import {
  admitSourceIp,
  checkLoginFailures,
  isFailedSignIn,
  type PublicLimiterOptions,
  recordLoginFailure,
  type SourceIpPolicy,
} from './public-limits.ts';
import { admitTenantRequest } from './tenant-limiter.ts';

/** The response fields of an admitted request; undefined when the limiter is off or failed open. */
export type AdmissionHeaders = Record<string, string> | undefined;

function options(signal: AbortSignal): PublicLimiterOptions {
  return { store: limitStore(), scale: limitsConfig().scale, nowMs: Date.now(), signal };
}

export async function limitTenantRequest(ctx: TenantContext): Promise<AdmissionHeaders> {
  const config = limitsConfig();
  if (!config.enabled) return undefined;
  const admission = await withinBudget('tenant', config.storeBudgetMs, (signal) =>
    admitTenantRequest(ctx, options(signal)).then(
      (admitted) => ({ admitted }),
      // A 429 is an answer, not a store failure: carried out of the budget and thrown below.
      (error: unknown) => (isTooManyRequests(error) ? { refused: error } : Promise.reject(error)),
    ),
  );
  if (admission && 'refused' in admission) throw admission.refused;
  return admission?.admitted.headers;
}

export async function limitSourceIp(
  policy: SourceIpPolicy,
  sourceIp: string,
): Promise<AdmissionHeaders> {
  const config = limitsConfig();
  if (!config.enabled) return undefined;
  const admission = await withinBudget('sourceIp', config.storeBudgetMs, (signal) =>
    admitSourceIp(policy, sourceIp, options(signal)).then(
      (headers) => ({ headers }),
      (error: unknown) => (isTooManyRequests(error) ? { refused: error } : Promise.reject(error)),
    ),
  );
  if (admission && 'refused' in admission) throw admission.refused;
  return admission?.headers;
}

/**
 * Runs a sign-in under its failure budgets: refused (429) before the password is checked when the
 * pair's or the email's budget is spent, and charged one failure when it fails.
 */
export async function limitSignIn<T>(
  email: string,
  sourceIp: string,
  signIn: () => Promise<T>,
): Promise<T> {
  const config = limitsConfig();
  if (!config.enabled) return signIn();
  const check = await withinBudget('signInCheck', config.storeBudgetMs, (signal) =>
    checkLoginFailures(email, sourceIp, options(signal)).then(
      () => ({ ok: true as const }),
      (error: unknown) => (isTooManyRequests(error) ? { refused: error } : Promise.reject(error)),
    ),
  );
  if (check && 'refused' in check) throw check.refused;
  try {
    return await signIn();
  } catch (error) {
    if (isFailedSignIn(error)) {
      await withinBudget('signInFailure', config.storeBudgetMs, (signal) =>
        recordLoginFailure(email, sourceIp, options(signal)),
      );
    }
    throw error;
  }
}
