/**
 * Turns a bearer token into a TenantContext: the token must verify, its user must still be an
 * active member of an active tenant, and the token must have been authenticated after the member's
 * last sign-out. The member item, not the token, is the authority on role, so a demotion, removal
 * or sign-out takes effect as soon as the authorizer cache lets the request through.
 */
import { UnauthorizedError } from '#shared/errors.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import {
  type TenantContext,
  tenantScopeFromVerifiedClaims,
  toTenantContext,
} from './tenant-context.ts';
import type { TokenVerifier } from './token-verifier.ts';

export interface AuthorizeDependencies {
  readonly verifier: TokenVerifier;
  readonly store: TenantStore;
}

/**
 * The token was authenticated no later than the member's last sign-out. A class of its own so that
 * sign-in can tell the one refusal waiting can cure (a login in the very second of the sign-out,
 * since tokens carry whole seconds) from every other. The client sees the same 401 as before: the
 * two seconds are properties, not `details`, so they never reach the response body.
 */
export class SignedOutError extends UnauthorizedError {
  constructor(
    /** The member's last sign-out, in epoch seconds. */
    readonly signedOutAt: number,
    /** The refused token's `auth_time` (see authenticatedAt), in epoch seconds. */
    readonly authenticatedAt: number,
  ) {
    super('Signed out');
  }
}

const bearerPattern = /^Bearer ([A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]+\.[A-Za-z0-9_=-]*)$/;

/** The token of an `Authorization: Bearer <jwt>` header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  return header === undefined ? undefined : bearerPattern.exec(header.trim())?.[1];
}

export async function authorize(
  token: string,
  { verifier, store }: AuthorizeDependencies,
): Promise<TenantContext> {
  const claims = await verifier.verify(token);
  const tenantClaim = claims['custom:tenantId'];
  const scope =
    typeof tenantClaim === 'string' ? tenantScopeFromVerifiedClaims(tenantClaim) : undefined;
  if (scope === undefined || typeof claims.sub !== 'string') {
    throw new UnauthorizedError('Token carries no tenant');
  }
  const { tenant, member } = await store.getTenantAndMember(scope, claims.sub);
  // A suspended tenant's members pass here, marked: the API answers them 403 tenant_suspended.
  const reachable = tenant?.status === 'active' || tenant?.status === 'suspended';
  if (!reachable || member?.status !== 'active') {
    throw new UnauthorizedError('User is not an active member of an active tenant');
  }
  const authenticated = authenticatedAt(claims);
  if (member.signedOutAt !== undefined && authenticated <= member.signedOutAt) {
    throw new SignedOutError(member.signedOutAt, authenticated);
  }
  return toTenantContext(scope, member, tenant);
}

/**
 * When the user entered their password for this token's session, in epoch seconds. Cognito keeps
 * `auth_time` across refreshes, so every token of a session that began before a sign-out is refused,
 * whichever device refreshed it. (cognito-local sets it at every refresh; see the README.)
 */
export function authenticatedAt(claims: { auth_time?: unknown; iat?: unknown }): number {
  if (typeof claims.auth_time === 'number') return claims.auth_time;
  return typeof claims.iat === 'number' ? claims.iat : 0;
}
