/**
 * What each role may do, in one table. Routes name a permission (shared/api/routes.ts), the API handler
 * enforces its least role, the README's roles table is rendered from here, and the role-matrix test
 * reads it. Rules that depend on the target (never above your own role, admins never touch an
 * owner, the owner stays) live in shared/members/rules.ts.
 */
import { type Role, roleAtLeast, roles } from './roles.ts';

export interface PermissionDefinition {
  /** The least role that holds the permission; every higher role holds it too. */
  readonly minRole: Role;
  /** What it allows, as the README shows it. */
  readonly summary: string;
}

export const permissions = {
  read: {
    minRole: 'viewer',
    summary: 'Read the tenant, its members and its application data (projects, …)',
  },
  signOut: {
    minRole: 'viewer',
    summary: 'Sign themselves out (revokes their own sessions)',
  },
  manageOwnAccount: {
    minRole: 'viewer',
    summary: 'Change their own password and enrol or remove their own authenticator app (MFA)',
  },
  writeData: {
    minRole: 'member',
    summary: "Create, change and delete the tenant's application data",
  },
  manageMembers: {
    minRole: 'admin',
    summary:
      'Invite people, list and revoke invitations, change roles and remove members: never an owner, never to a role above their own',
  },
  manageSettings: {
    minRole: 'admin',
    summary: "Change the tenant's settings (its name, whether MFA is required)",
  },
  manageWebhooks: {
    minRole: 'admin',
    summary:
      "Register, change and remove the tenant's webhook endpoints (their secrets sign its events)",
  },
  readAudit: {
    minRole: 'admin',
    summary: 'Read the audit trail',
  },
  readUsage: {
    minRole: 'admin',
    summary: "Read this month's usage against the plan's quota and limits",
  },
  exportData: {
    minRole: 'admin',
    summary:
      "Export all of the tenant's data and follow background jobs (their results link to it)",
  },
  manageBilling: {
    minRole: 'owner',
    summary: 'Manage the plan and billing',
  },
  manageTenant: {
    minRole: 'owner',
    summary: 'Tenant-wide, irreversible actions (closing the tenant)',
  },
  transferOwnership: {
    minRole: 'owner',
    summary:
      'Hand ownership to another member (the owner becomes an admin); the only way the owner role moves',
  },
} as const satisfies Record<string, PermissionDefinition>;

export type Permission = keyof typeof permissions;

/** A route-table fragment: the permission a tenant route needs and the least role that holds it. */
export function can<P extends Permission>(
  permission: P,
): { readonly permission: P; readonly minRole: (typeof permissions)[P]['minRole'] } {
  return { permission, minRole: permissions[permission].minRole };
}

export function holds(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, permissions[permission].minRole);
}

/**
 * The roles table in Markdown, one row per permission, as the README shows it between its
 * `roles-table` markers (a unit test keeps the two equal; `npm run docs:roles` rewrites it).
 */
export function rolesTableMarkdown(
  routesByPermission: Readonly<Partial<Record<Permission, readonly string[]>>> = {},
): string {
  const header = `| permission | ${roles.join(' | ')} | routes |`;
  const rule = `|---|${roles.map(() => ':-:|').join('')}---|`;
  const rows = (Object.keys(permissions) as Permission[]).map((permission) => {
    const marks = roles.map((role) => (holds(role, permission) ? 'yes' : '–'));
    const routeList = (routesByPermission[permission] ?? []).map((route) => `\`${route}\``);
    return `| ${permissions[permission].summary} | ${marks.join(' | ')} | ${routeList.join(', ') || '(no route yet)'} |`;
  });
  return [header, rule, ...rows].join('\n');
}
