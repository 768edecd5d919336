/** What the operator's tenant-changing handlers share: the stores and the authorizer flush. */
import { flushAuthorizers } from '#shared/auth/authorizer-cache.ts';
import { platformAuditStore, tenantControlStore } from '#shared/data/stores.ts';
import type { ControlDependencies } from '#shared/platform/actions.ts';

export function controlDependencies(): ControlDependencies {
  return { control: tenantControlStore(), platformAudit: platformAuditStore(), flushAuthorizers };
}
