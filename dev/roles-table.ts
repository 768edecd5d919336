/** The README's roles table: the permissions of shared/auth/permissions.ts with the routes that need each. */
import { routes } from '#shared/api/routes.ts';
import type { Permission } from '#shared/auth/permissions.ts';

export function routesByPermission(): Partial<Record<Permission, string[]>> {
  const byPermission: Partial<Record<Permission, string[]>> = {};
  for (const route of Object.values(routes)) {
    if (route.auth !== 'tenant' || route.permission === undefined) continue;
    const list = byPermission[route.permission] ?? [];
    list.push(`${route.method} ${route.path}`);
    byPermission[route.permission] = list;
  }
  return byPermission;
}
