/** The roles table is the one source: every tenant route names a permission, and the README shows it. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routesByPermission } from '#dev/roles-table.ts';
import { routes } from '#shared/api/routes.ts';
import { type Permission, permissions, rolesTableMarkdown } from '#shared/auth/permissions.ts';

describe('permissions', () => {
  it.each(Object.entries(routes).filter(([, route]) => route.auth === 'tenant'))(
    '%s names a permission whose least role is the route’s',
    (_id, route) => {
      // Assess
      expect(route.auth === 'tenant' && route.permission).toBeTruthy();
      if (route.auth !== 'tenant' || route.permission === undefined) return;
      expect(route.minRole).toBe(permissions[route.permission as Permission].minRole);
    },
  );

  it('matches the roles table in the README', () => {
    // Prepare
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');
    const section = /<!-- roles-table:start -->\n([\s\S]*?)\n<!-- roles-table:end -->/.exec(readme);

    // Assess
    expect(section?.[1], 'run npm run docs:roles').toBe(rolesTableMarkdown(routesByPermission()));
  });
});
