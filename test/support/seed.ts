/** Writes tenants straight into the table, for tests that need a tenant but not its Cognito user. */
import { ulid } from 'ulid';
import { auditEvent } from '#shared/audit/audit-log.ts';
import { newTenantScope, type TenantScope } from '#shared/auth/tenant-context.ts';
import { tenantStore } from '#shared/data/stores.ts';

export async function seedTenant(name = 'Seeded Co'): Promise<TenantScope & { ownerId: string }> {
  const scope = newTenantScope();
  const at = new Date().toISOString();
  const ownerId = ulid();
  await tenantStore().createTenantWithOwner(
    scope,
    {
      tenant: {
        tenantId: scope.tenantId,
        name,
        plan: 'free',
        status: 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
      owner: {
        tenantId: scope.tenantId,
        userId: ownerId,
        email: `owner-${ownerId.toLowerCase()}@example.test`,
        role: 'owner',
        status: 'active',
        createdAt: at,
        updatedAt: at,
        version: 1,
      },
    },
    auditEvent(
      {
        actorId: ownerId,
        action: 'tenant.created',
        target: { type: 'tenant', id: scope.tenantId },
        meta: { requestId: 'seed', sourceIp: '127.0.0.1' },
      },
      new Date(at),
    ),
  );
  return Object.assign(scope, { ownerId });
}
