import type { Context } from 'cognito-local/lib/services/context.js';
import { describe, expect, it } from 'vitest';
import { MemoryDataStoreFactory } from '#dev/emulators/memory-data-store.ts';

// cognito-local only logs through the context; the store never does.
const ctx = {} as Context;

describe('the in-memory store of the local Cognito emulator', () => {
  it('starts from the defaults and hands the same store to every create of one id', async () => {
    const factory = new MemoryDataStoreFactory();
    const pool = await factory.create(ctx, 'pool-1', { Users: {}, Options: { Id: 'pool-1' } });
    await pool.set(ctx, ['Users', 'ada'], { Username: 'ada' });

    const again = await factory.create(ctx, 'pool-1', { Users: {} });
    expect(await again.get(ctx, ['Users', 'ada'])).toEqual({ Username: 'ada' });
    expect(await again.get(ctx, 'Options')).toEqual({ Id: 'pool-1' });
    expect(await (await factory.create(ctx, 'pool-2', {})).getRoot(ctx)).toEqual({});
  });

  it('answers the default, or null, for what is not there, however deep', async () => {
    const store = await new MemoryDataStoreFactory().create(ctx, 'clients', { Clients: {} });
    expect(await store.get(ctx, ['Clients', 'missing'])).toBeNull();
    expect(await store.get(ctx, ['Nothing', 'here'], 'fallback')).toBe('fallback');
    expect(await store.get(ctx, 'Clients', {})).toEqual({});
  });

  it('creates the parents of a nested key, and deletes one key alone', async () => {
    const store = await new MemoryDataStoreFactory().create(ctx, 'pool', {});
    await store.set(ctx, ['Groups', 'admins'], { GroupName: 'admins' });
    await store.set(ctx, ['Groups', 'members'], { GroupName: 'members' });
    await store.delete(ctx, ['Groups', 'admins']);

    expect(await store.getRoot(ctx)).toEqual({ Groups: { members: { GroupName: 'members' } } });
    await expect(store.delete(ctx, ['Nothing', 'here'])).resolves.toBeUndefined();
  });
});
