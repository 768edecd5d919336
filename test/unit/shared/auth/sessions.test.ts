/** Sign-out timing: tokens carry whole seconds, so the answer waits for the next one. */
import { describe, expect, it, vi } from 'vitest';
import { signOut } from '#shared/auth/sessions.ts';
import { tenantContextFromAuthorizer } from '#shared/auth/tenant-context.ts';
import type { UserDirectory } from '#shared/identity/model.ts';
import type { TenantStore } from '#shared/tenants/model.ts';

describe('signOut', () => {
  it('records the sign-out second, revokes the refresh token, and answers once that second is over', async () => {
    // Prepare
    const ctx = tenantContextFromAuthorizer({
      tenantId: '01JD3ZP5Q9W8X7V6T5S4R3Q2P1',
      userId: 'user-1',
      role: 'viewer',
      plan: 'free',
    });
    if (!ctx) throw new Error('no context');
    const store = { signOut: vi.fn(async () => undefined) };
    const directory = { revokeRefreshToken: vi.fn(async () => undefined) };
    const sleep = vi.fn(async () => undefined);
    const at = new Date('2026-11-24T10:00:05.300Z');

    // Act
    await signOut({ ctx, meta: { requestId: 'r', sourceIp: 'ip' } }, 'refresh-1', {
      store: store as unknown as TenantStore,
      directory: directory as unknown as UserDirectory,
      now: () => at,
      sleep,
    });

    // Assess
    expect(store.signOut).toHaveBeenCalledWith(
      ctx,
      'user-1',
      Math.floor(at.getTime() / 1000),
      expect.objectContaining({ action: 'auth.logout', actorId: 'user-1' }),
    );
    expect(directory.revokeRefreshToken).toHaveBeenCalledWith('refresh-1');
    expect(sleep).toHaveBeenCalledWith(750);
  });
});
