/** Tenant scopes come only from verified sources; keys are built from them and nothing else. */
import { describe, expect, it } from 'vitest';
import { roleAtLeast } from '#shared/auth/roles.ts';
import {
  newTenantScope,
  tenantContextFromAuthorizer,
  tenantScopeFromVerifiedClaims,
} from '#shared/auth/tenant-context.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';

const tenantId = '01JTESTTENANT0000000000000';

describe('tenantContextFromAuthorizer', () => {
  it('accepts the context the authorizer sets', () => {
    const ctx = tenantContextFromAuthorizer({
      tenantId,
      userId: 'u1',
      role: 'admin',
      plan: 'pro',
      mfaSetupRequired: 'false',
      principalId: 'u1',
    });

    expect(ctx).toMatchObject({ tenantId, userId: 'u1', role: 'admin', plan: 'pro' });
  });

  it.each([
    ['no context', null],
    [
      'a tenant id with a key delimiter',
      { tenantId: `${tenantId}#AUDIT`, userId: 'u', role: 'owner', plan: 'free' },
    ],
    ['an unknown role', { tenantId, userId: 'u', role: 'root', plan: 'free' }],
    ['an unknown plan', { tenantId, userId: 'u', role: 'owner', plan: 'unlimited' }],
  ])('refuses %s', (_case, authorizer) => {
    expect(tenantContextFromAuthorizer(authorizer)).toBeUndefined();
  });
});

describe('tenant keys', () => {
  it('partition every tenant item under T#<tenantId>', () => {
    const scope = tenantScopeFromVerifiedClaims(tenantId);
    if (!scope) throw new Error('scope expected');

    expect(tenantKeys.tenant(scope)).toEqual({ PK: `T#${tenantId}`, SK: 'TENANT' });
    expect(tenantKeys.member(scope, 'u1')).toEqual({ PK: `T#${tenantId}`, SK: 'USER#u1' });
    expect(globalKeys.emailGuard('a@example.test')).toEqual({
      PK: 'EMAIL#a@example.test',
      SK: 'EMAIL',
    });
  });

  it('cannot be built from a plain object that names a tenant', () => {
    const fromRequest = { tenantId };

    // @ts-expect-error a request field is not a verified TenantScope
    expect(tenantKeys.tenant(fromRequest).PK).toBe(`T#${tenantId}`);
  });

  it('gives every new tenant its own ULID', () => {
    const ids = new Set(Array.from({ length: 100 }, () => newTenantScope().tenantId));

    expect(ids.size).toBe(100);
    for (const id of ids) expect(tenantScopeFromVerifiedClaims(id)).toBeDefined();
  });
});

describe('roleAtLeast', () => {
  it('orders owner > admin > member > viewer', () => {
    expect(roleAtLeast('owner', 'admin')).toBe(true);
    expect(roleAtLeast('admin', 'admin')).toBe(true);
    expect(roleAtLeast('member', 'admin')).toBe(false);
    expect(roleAtLeast('viewer', 'member')).toBe(false);
  });
});
