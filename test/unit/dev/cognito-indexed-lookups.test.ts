/**
 * The local Cognito finds users by email, sub and refresh token through indexes instead of a scan of
 * the pool: it must answer what the scan answered, also after an email changes or a token is revoked.
 */
import type { Context } from 'cognito-local/lib/services/context.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { describe, expect, it } from 'vitest';
import { IndexedUserPoolServiceFactory } from '#dev/emulators/cognito-indexed-lookups.ts';
import { MemoryDataStoreFactory } from '#dev/emulators/memory-data-store.ts';

const ctx = {
  logger: { debug: () => undefined, child: () => ctx.logger },
} as unknown as Context;
const clock = { get: () => new Date('2026-11-24T12:00:00Z') };

async function pool(usernameAttributes: string[] = ['email']): Promise<UserPoolService> {
  const stores = new MemoryDataStoreFactory();
  const clients = await stores.create(ctx, 'clients', { Clients: {} });
  return new IndexedUserPoolServiceFactory(clock, stores).create(ctx, clients, {
    Id: 'pool-1',
    UsernameAttributes: usernameAttributes,
  });
}

function user(username: string, email: string, refreshTokens: string[] = []): User {
  return {
    Username: username,
    Attributes: [
      { Name: 'sub', Value: username },
      { Name: 'email', Value: email },
    ],
    Enabled: true,
    UserCreateDate: clock.get(),
    UserLastModifiedDate: clock.get(),
    UserStatus: 'CONFIRMED',
    Password: 'Secret-123',
    RefreshTokens: refreshTokens,
  };
}

describe('user lookups of the local Cognito', () => {
  it('finds a user by username, sub or sign-in email, and nobody by an unknown name', async () => {
    const users = await pool();
    await users.saveUser(ctx, user('0f1e', 'ada@example.test'));
    await users.saveUser(ctx, user('9a8b', 'bob@example.test'));

    expect((await users.getUserByUsername(ctx, '9a8b'))?.Username).toBe('9a8b');
    expect((await users.getUserByUsername(ctx, 'ada@example.test'))?.Username).toBe('0f1e');
    expect(await users.getUserByUsername(ctx, 'eve@example.test')).toBeNull();
  });

  it('does not sign in by email where the pool does not', async () => {
    const users = await pool([]);
    await users.saveUser(ctx, user('0f1e', 'ada@example.test'));

    expect(await users.getUserByUsername(ctx, 'ada@example.test')).toBeNull();
  });

  it('follows a changed email, and a deleted user is gone', async () => {
    const users = await pool();
    const ada = user('0f1e', 'ada@example.test');
    await users.saveUser(ctx, ada);
    await users.saveUser(ctx, {
      ...ada,
      Attributes: [
        { Name: 'sub', Value: '0f1e' },
        { Name: 'email', Value: 'ada@new.example.test' },
      ],
    });

    expect(await users.getUserByUsername(ctx, 'ada@example.test')).toBeNull();
    expect((await users.getUserByUsername(ctx, 'ada@new.example.test'))?.Username).toBe('0f1e');
    await users.deleteUser(ctx, ada);
    expect(await users.getUserByUsername(ctx, 'ada@new.example.test')).toBeNull();
  });

  it('finds the holder of a refresh token until the token leaves the user', async () => {
    const users = await pool();
    const ada = user('0f1e', 'ada@example.test');
    await users.saveUser(ctx, ada);
    await users.storeRefreshToken(ctx, 'refresh-1', ada);
    await users.storeRefreshToken(ctx, 'refresh-2', ada);

    expect((await users.getUserByRefreshToken(ctx, 'refresh-1'))?.Username).toBe('0f1e');
    await users.saveUser(ctx, { ...ada, RefreshTokens: ['refresh-2'] });
    expect(await users.getUserByRefreshToken(ctx, 'refresh-1')).toBeNull();
    expect((await users.getUserByRefreshToken(ctx, 'refresh-2'))?.Username).toBe('0f1e');
    expect(await users.getUserByRefreshToken(ctx, 'unknown')).toBeNull();
  });
});
