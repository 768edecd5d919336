/** Who may act on whom: the rules beyond a route's least role, as a table. */
import { describe, expect, it } from 'vitest';
import type { Role } from '#shared/auth/roles.ts';
import { ConflictError, ForbiddenError } from '#shared/errors.ts';
import { assertMayGrant, assertMayManage, assertMayTransferTo } from '#shared/members/rules.ts';

const actor = (role: Role, userId = 'actor') => ({ userId, role });

describe('assertMayGrant', () => {
  it.each([
    ['owner', 'admin', true],
    ['owner', 'viewer', true],
    ['admin', 'admin', true],
    ['admin', 'member', true],
    ['member', 'admin', false],
    ['member', 'member', true],
    ['viewer', 'member', false],
    ['owner', 'owner', false],
    ['admin', 'owner', false],
  ] as const)('%s granting %s → %s', (role, granted, allowed) => {
    const attempt = () => assertMayGrant(actor(role), granted);

    if (allowed) expect(attempt).not.toThrow();
    else expect(attempt).toThrow(ForbiddenError);
  });
});

describe('assertMayManage', () => {
  it.each([
    ['admin', 'admin', undefined],
    ['admin', 'member', undefined],
    ['admin', 'viewer', undefined],
    ['admin', 'owner', ForbiddenError],
    ['owner', 'owner', ConflictError],
    ['owner', 'admin', undefined],
    ['member', 'admin', ForbiddenError],
  ] as const)('%s acting on a %s → %s', (role, targetRole, error) => {
    const attempt = () => assertMayManage(actor(role), { userId: 'target', role: targetRole });

    if (error) expect(attempt).toThrow(error);
    else expect(attempt).not.toThrow();
  });
});

describe('assertMayTransferTo', () => {
  it('refuses yourself, an inactive member, and anyone but the owner as the giver', () => {
    const member = { userId: 'target', role: 'member' as const, status: 'active' };

    expect(() => assertMayTransferTo(actor('owner'), member)).not.toThrow();
    expect(() => assertMayTransferTo(actor('owner', 'target'), member)).toThrow(ConflictError);
    expect(() => assertMayTransferTo(actor('owner'), { ...member, status: 'disabled' })).toThrow(
      ConflictError,
    );
    expect(() => assertMayTransferTo(actor('admin'), member)).toThrow(ForbiddenError);
  });
});
