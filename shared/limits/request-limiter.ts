/**
 * The request limiter as the API uses it: configuration, the store, the clock and the fail-open
 * budget put together once. Tenant routes draw from the tenant's bucket; public routes from their
 * source IP's; sign-in and every other guess at a credential also from its failure budgets.
 */
import type { TenantContext } from '#shared/auth/tenant-context.ts';
import { limitsConfig } from '#shared/config/runtime-config.ts';
import { limitStore } from '#shared/data/stores.ts';
import { isTooManyRequests } from '#shared/errors.ts';
import { withinBudget } from './fail-open.ts';
import {
  admitSourceIp,
  checkLoginFailures,
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
 * Refuses (429) a sign-in or another guess at an account's credentials when the failure budget of
 * its (email, source IP) pair or of its email is spent, before anything is checked, so the answer is
 * the same whether the email exists or not.
 */
export async function checkSignInBudget(email: string, sourceIp: string): Promise<void> {
  const config = limitsConfig();
  if (!config.enabled) return;
  const check = await withinBudget('signInCheck', config.storeBudgetMs, (signal) =>
    checkLoginFailures(email, sourceIp, options(signal)).then(
      () => ({ ok: true as const }),
      (error: unknown) => (isTooManyRequests(error) ? { refused: error } : Promise.reject(error)),
    ),
  );
  if (check && 'refused' in check) throw check.refused;
}

/**
 * Spends one failure from both budgets. Only shared/accounts/guessing-limit.ts calls it, where each
 * refused password or code is reported once.
 */
export async function chargeSignInFailure(email: string, sourceIp: string): Promise<void> {
  const config = limitsConfig();
  if (!config.enabled) return;
  await withinBudget('signInFailure', config.storeBudgetMs, (signal) =>
    recordLoginFailure(email, sourceIp, options(signal)),
  );
}

/**
 * Runs a sign-in under its failure budgets: refused (429) before the password is checked when a
 * budget is spent. A refused password is charged where it is found (the sign-in reports it to
 * shared/accounts/guessing-limit.ts), not here, so one wrong password costs exactly one failure.
 */
export async function limitSignIn<T>(
  email: string,
  sourceIp: string,
  signIn: () => Promise<T>,
): Promise<T> {
  await checkSignInBudget(email, sourceIp);
  return signIn();
}
