/** The tenant's own settings: read with its version as ETag, renamed with If-Match (admin+). */
import { auditEvent } from '#shared/audit/audit-log.ts';
import { NotFoundError } from '#shared/errors.ts';
import type { Caller } from '#shared/requests.ts';
import { anyVersion, type ExpectedVersion } from '#shared/versions.ts';
import type { TenantStore } from './model.ts';
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

export async function renameTenant(
  { ctx, meta }: Caller,
  name: string,
  expected: ExpectedVersion,
  { store, now = () => new Date() }: { readonly store: TenantStore; readonly now?: () => Date },
): Promise<VersionedTenant> {
  const expectedVersion =
    expected === anyVersion ? (await getTenantSettings({ ctx }, store)).version : expected;
  const tenant = await store.renameTenant(
    ctx,
    name,
    expectedVersion,
    auditEvent(
      {
        actorId: ctx.userId,
        action: 'tenant.updated',
        target: { type: 'tenant', id: ctx.tenantId },
        meta,
        details: { fields: ['name'] },
      },
      now(),
    ),
  );
  return { tenant: tenantView(tenant), version: tenant.version };
}
