/**
 * Who may do what to whom, beyond the route's least role: nobody grants a role above their own,
 * admins never touch an owner, and the owner is never removed or demoted (ownership moves only by
 * transfer, so there is always exactly one owner).
 */
import { type Role, roleAtLeast } from '#shared/auth/roles.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';

export interface Actor {
  readonly userId: string;
  readonly role: Role;
}

export interface Target {
  readonly userId: string;
  readonly role: Role;
}

/** Nobody can give a role (by invitation or role change) above their own. */
export function assertMayGrant(actor: Actor, role: Role): void {
  if (role === 'owner') {
    throw new ForbiddenError('Ownership moves only through POST /v1/tenant/transfer-ownership');
  }
  if (!roleAtLeast(actor.role, role)) {
    throw new ForbiddenError(`You cannot grant the ${role} role, which is above your own`, {
      role: actor.role,
      requestedRole: role,
    });
  }
}

/** May `actor` change the role of, or remove, `target`? */
export function assertMayManage(actor: Actor, target: Target): void {
  if (target.role === 'owner') {
    if (actor.role !== 'owner') {
      throw new ForbiddenError('Only the owner can change the owner, and only by transfer');
    }
    throw new ConflictError(
      'The owner cannot be removed or demoted; transfer ownership to another member first',
    );
  }
  if (!roleAtLeast(actor.role, target.role)) {
    throw new ForbiddenError(`You cannot manage a member whose role is above your own`);
  }
}

export function assertMayTransferTo(actor: Actor, target: Target & { status: string }): void {
  if (actor.role !== 'owner') throw new ForbiddenError('Only the owner can transfer ownership');
  if (target.userId === actor.userId) throw new ConflictError('You own this tenant already');
  if (target.status !== 'active') {
    throw new ConflictError('Ownership can only go to an active member');
  }
}
