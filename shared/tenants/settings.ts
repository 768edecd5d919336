/** The tenant's own settings: read with its version as ETag, changed with If-Match (admin+). */
import { auditEvent } from '#shared/audit/audit-log.ts';
import { ConflictError, NotFoundError } from '#shared/errors.ts';
import type { Caller } from '#shared/requests.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import type { TenantSettingsChange, TenantStore } from './model.ts';
import { type TenantView, tenantView } from './views.ts';

export interface VersionedTenant {
  readonly tenant: TenantView;
  readonly version: number;
}

export async function getTenantSettings(
  { ctx }: Pick<Caller, 'ctx'>,
  store: TenantStore,
): Promise<VersionedTenant> {
  const tenant = await store.getTenant(ctx);
  if (!tenant) throw new NotFoundError('Tenant not found');
  return { tenant: tenantView(tenant), version: tenant.version };
}

/** Renames the tenant and/or switches required MFA; one audit event names the changed fields. */
export async function updateTenantSettings(
  { ctx, meta }: Caller,
  changes: TenantSettingsChange,
  expected: ExpectedVersion,
  { store, now = () => new Date() }: { readonly store: TenantStore; readonly now?: () => Date },
): Promise<VersionedTenant> {
  if (changes.requireMfa === true) {
    // Whoever turns it on must pass it themselves, or their own next request would be refused.
    const { member } = await store.getTenantAndMember(ctx, ctx.userId);
    if (member?.mfaEnabled !== true) {
      throw new ConflictError('Enrol an authenticator app yourself before requiring MFA', {
        reason: 'caller_without_mfa',
      });
    }
  }
  const expectedVersion =
    expected === anyVersion ? (await getTenantSettings({ ctx }, store)).version : expected;
  const tenant = await store.updateSettings(
    ctx,
    changes,
    expectedVersion,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'tenant.updated',
        target: { type: 'tenant', id: ctx.tenantId },
        meta,
        details: {
          fields: Object.keys(changes),
          ...(changes.requireMfa !== undefined && { requireMfa: changes.requireMfa }),
        },
      },
      now(),
    ),
  );
  return { tenant: tenantView(tenant), version: tenant.version };
}
