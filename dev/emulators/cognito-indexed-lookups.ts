/**
 * cognito-local finds a user by email, sub or refresh token by scanning every user of the pool (the
 * pool signs in with email, so usernames are generated), and RevokeToken scans for the token too.
 * With thousands of users, as a bench run makes, each such call paid milliseconds. These read the
 * memory store's indexes instead (memory-data-store.ts) and answer what the scans answered.
 */
import type { Clock } from 'cognito-local/lib/services/clock.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore.js';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory.js';
import {
  type User,
  type UserPool,
  type UserPoolService,
  type UserPoolServiceFactory,
  UserPoolServiceImpl,
} from 'cognito-local/lib/services/userPoolService.js';
import { MemoryDataStore, type UserAliasAttribute } from './memory-data-store.ts';

class IndexedUserPoolService extends UserPoolServiceImpl {
  constructor(
    clientsDataStore: DataStore,
    clock: Clock,
    private readonly users: MemoryDataStore,
    config: UserPool,
  ) {
    super(clientsDataStore, clock, users, config);
  }

  /** The user saved under `username`, if it still `holds` what the index found it by. */
  private async holding(
    ctx: Context,
    username: string | undefined,
    holds: (user: User) => boolean,
  ): Promise<User | null> {
    if (username === undefined) return null;
    const user = await this.users.get<User>(ctx, ['Users', username]);
    return user !== null && holds(user) ? user : null;
  }

  override async getUserByUsername(ctx: Context, username: string): Promise<User | null> {
    const byUsername = await this.users.get<User>(ctx, ['Users', username]);
    if (byUsername) return byUsername;
    // The scan's order of preference: sub, then email and phone number where they sign in.
    const aliases: UserAliasAttribute[] = ['sub'];
    if (this.options.UsernameAttributes?.includes('email')) aliases.push('email');
    if (this.options.UsernameAttributes?.includes('phone_number')) aliases.push('phone_number');
    for (const alias of aliases) {
      const user = await this.holding(
        ctx,
        this.users.usernameByAlias(alias, username),
        (candidate) =>
          candidate.Attributes.some(({ Name, Value }) => Name === alias && Value === username),
      );
      if (user) return user;
    }
    return null;
  }

  override getUserByRefreshToken(ctx: Context, refreshToken: string): Promise<User | null> {
    return this.holding(ctx, this.users.usernameByRefreshToken(refreshToken), (user) =>
      user.RefreshTokens.includes(refreshToken),
    );
  }
}

/** cognito-local's UserPoolServiceFactoryImpl, making pools that look users up by index. */
export class IndexedUserPoolServiceFactory implements UserPoolServiceFactory {
  constructor(
    private readonly clock: Clock,
    private readonly stores: DataStoreFactory,
  ) {}

  async create(
    ctx: Context,
    clientsDataStore: DataStore,
    defaultOptions: UserPool,
  ): Promise<UserPoolService> {
    const store = await this.stores.create(ctx, defaultOptions.Id, {
      Users: {},
      Options: defaultOptions,
    });
    if (!(store instanceof MemoryDataStore))
      throw new Error('Indexed lookups need the memory store');
    const config = await store.get(ctx, 'Options', defaultOptions);
    return new IndexedUserPoolService(clientsDataStore, this.clock, store, config);
  }
}
