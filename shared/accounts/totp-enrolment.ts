/**
 * Enrolling, confirming and removing a TOTP authenticator. Cognito keeps the secret and checks the
 * codes; its calls need an access token of the user, so each step asks for the password again
 * (a step-up) and signs in with it for a token that is used once and revoked. Confirming ends every
 * session, so the next sign-in is the first with the second factor.
 */
import { auditEvent } from '#shared/audit/audit-log.ts';
import type { AuditStore } from '#shared/audit/model.ts';
import { ConflictError, InvalidCodeError, NotFoundError } from '#shared/errors.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import type { Caller } from '#shared/requests.ts';
import type { TenantStore } from '#shared/tenants/model.ts';
import { recordFailedAttempt } from './guessing-limit.ts';
import type { AccountStore } from './model.ts';
import { proveCurrentPassword } from './passwords.ts';
import { claimTotpCode } from './totp-codes.ts';

export interface TotpEnrolmentDependencies {
  readonly accounts: AccountStore;
  readonly directory: UserDirectory;
  readonly tenants: TenantStore;
  readonly audit: AuditStore;
  /** The name authenticator apps show above the code. */
  readonly issuer: string;
  readonly now?: () => Date;
}

export interface TotpEnrolment {
  /** Base32; shown once, here, for apps that cannot scan the URI. */
  readonly secret: string;
  readonly otpauthUri: string;
}

async function caller(
  { ctx }: Pick<Caller, 'ctx'>,
  tenants: TenantStore,
): Promise<{ email: string; mfaEnabled: boolean; tenantRequiresMfa: boolean }> {
  const { tenant, member } = await tenants.getTenantAndMember(ctx, ctx.userId);
  if (!tenant || !member) throw new NotFoundError('Caller no longer exists');
  return {
    email: member.email,
    mfaEnabled: member.mfaEnabled === true,
    tenantRequiresMfa: tenant.requireMfa === true,
  };
}

/** Runs `check`, reporting an InvalidCodeError it throws as a failed attempt before passing it on. */
async function reportingWrongCodes<T>(
  who: { readonly email: string; readonly sourceIp: string },
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof InvalidCodeError) await recordFailedAttempt({ ...who, kind: 'mfa' });
    throw error;
  }
}

export function otpauthUri(issuer: string, email: string, secret: string): string {
  const label = encodeURIComponent(`${issuer}:${email}`);
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: 'SHA1',
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

export async function startTotpEnrolment(
  { ctx, meta }: Caller,
  password: string,
  deps: TotpEnrolmentDependencies,
): Promise<TotpEnrolment> {
  const { directory, tenants, audit, issuer, now = () => new Date() } = deps;
  const { email, mfaEnabled } = await caller({ ctx }, tenants);
  if (mfaEnabled) throw new ConflictError('An authenticator is enrolled already; remove it first');
  const proof = await proveCurrentPassword(email, password, meta, directory);
  if (!('accessToken' in proof)) {
    throw new ConflictError('An authenticator is enrolled already; remove it first');
  }
  const secret = await directory.associateTotp(proof.accessToken);
  await audit.record(
    ctx,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'mfa.enrolment_started',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      now(),
    ),
  );
  return { secret, otpauthUri: otpauthUri(issuer, email, secret) };
}

export async function confirmTotpEnrolment(
  { ctx, meta }: Caller,
  input: { readonly password: string; readonly code: string },
  deps: TotpEnrolmentDependencies,
): Promise<void> {
  const { accounts, directory, tenants, now = () => new Date() } = deps;
  const { email, mfaEnabled } = await caller({ ctx }, tenants);
  if (mfaEnabled) throw new ConflictError('An authenticator is enrolled already');
  const proof = await proveCurrentPassword(email, input.password, meta, directory);
  if (!('accessToken' in proof)) throw new ConflictError('An authenticator is enrolled already');
  const at = now();
  await reportingWrongCodes({ email, sourceIp: meta.sourceIp }, async () => {
    await claimTotpCode(accounts, ctx, ctx.userId, input.code, at);
    await directory.enableTotp(proof.accessToken, input.code);
  });
  await directory.signOutEverywhere(email);
  await accounts.updateMember(
    ctx,
    ctx.userId,
    { mfaEnabled: true, signedOutAt: Math.floor(at.getTime() / 1000) },
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'mfa.enabled',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      at,
    ),
  );
}

/** Needs the password and a current code; refused while the tenant requires MFA. */
export async function removeTotp(
  { ctx, meta }: Caller,
  input: { readonly password: string; readonly code: string },
  deps: TotpEnrolmentDependencies,
): Promise<void> {
  const { accounts, directory, tenants, now = () => new Date() } = deps;
  const { email, mfaEnabled, tenantRequiresMfa } = await caller({ ctx }, tenants);
  if (!mfaEnabled) throw new ConflictError('No authenticator is enrolled');
  if (tenantRequiresMfa) {
    throw new ConflictError('This tenant requires MFA: an authenticator cannot be removed');
  }
  const proof = await proveCurrentPassword(email, input.password, meta, directory);
  const at = now();
  const tokens = await reportingWrongCodes({ email, sourceIp: meta.sourceIp }, async () => {
    await claimTotpCode(accounts, ctx, ctx.userId, input.code, at);
    return 'challengeSession' in proof
      ? await directory.answerMfaChallenge(email, proof.challengeSession, input.code)
      : undefined;
  });
  if (tokens === undefined) throw new ConflictError('No authenticator is enrolled');
  if (tokens.refreshToken !== undefined) await directory.revokeRefreshToken(tokens.refreshToken);
  await directory.disableTotp(tokens.accessToken);
  await accounts.updateMember(
    ctx,
    ctx.userId,
    { mfaEnabled: false },
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'mfa.disabled',
        target: { type: 'user', id: ctx.userId },
        meta,
      },
      at,
    ),
  );
}
