/**
 * The replay guard of TOTP codes: a code accepted once is refused for as long as any verifier could
 * still accept it (its 30 s step plus a step of clock tolerance either side), whichever route it
 * is used on. Cognito checks the code itself; this adds the single use RFC 6238 §5.2 asks for.
 */
import { createHash } from 'node:crypto';
import type { TenantScope } from '#shared/auth/tenant-context.ts';
import { InvalidCodeError } from '#shared/errors.ts';
import type { AccountStore } from './model.ts';

/** Three 30 s steps, and a step more for the clocks of this function and Cognito. */
const usedCodeLifetimeSeconds = 120;

export function hashSecret(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/** Claims `code` for the user; InvalidCodeError when it was used within its window. */
export async function claimTotpCode(
  store: AccountStore,
  scope: TenantScope,
  userId: string,
  code: string,
  now: Date,
): Promise<void> {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const fresh = await store.markTotpCodeUsed(
    scope,
    userId,
    hashSecret(`${userId}:${code}`),
    nowSeconds + usedCodeLifetimeSeconds,
    nowSeconds,
  );
  if (!fresh) throw new InvalidCodeError();
}
