/** The roles of a tenant's members, ordered from most to least powerful. */
import * as z from 'zod/mini';

export const roles = ['owner', 'admin', 'member', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

const rank: Record<Role, number> = { owner: 4, admin: 3, member: 2, viewer: 1 };

/** True when `role` may do what `required` may do. */
export function roleAtLeast(role: Role, required: Role): boolean {
  return rank[role] >= rank[required];
}
