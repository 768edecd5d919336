/**
 * A cognito-local data store kept in memory. The stock one (stormdb) rewrites a pool's whole JSON
 * file, pretty-printed, on every change, so each write slows as the pool grows: 10 ms per sign-up
 * at 20 users, 45 ms at 2,000. When nothing outlives the process there is nothing to write.
 */
import type { Context } from 'cognito-local/lib/services/context.js';
import type { DataStore } from 'cognito-local/lib/services/dataStore/dataStore.js';
import type { DataStoreFactory } from 'cognito-local/lib/services/dataStore/factory.js';

type Tree = Record<string, unknown>;

/** What the user indexes read of a saved user (cognito-local's User). */
interface IndexedUser {
  readonly Attributes?: readonly { readonly Name: string; readonly Value?: string }[];
  readonly RefreshTokens?: readonly string[];
}

/** The attributes cognito-local finds a user by when the name given is not its username. */
export const userAliasAttributes = ['sub', 'email', 'phone_number'] as const;
export type UserAliasAttribute = (typeof userAliasAttributes)[number];

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null;
}

/**
 * Holds values by reference and hands them out by reference, as stormdb does between its writes, so
 * cognito-local behaves exactly as it does with its own store.
 */
export class MemoryDataStore implements DataStore {
  /**
   * Usernames by alias attribute value and by refresh token, added to on every save of a user, so a
   * lookup need not scan the pool (see cognito-user-lookups.ts). An entry can outlive its value (an
   * email changed, a token revoked): readers check the user still holds it.
   */
  private readonly usernamesByAlias = new Map<string, string>();
  private readonly usernamesByRefreshToken = new Map<string, string>();

  constructor(private readonly root: Tree) {}

  /** The username of the user last saved with `attribute` = `value`, if any. */
  usernameByAlias(attribute: UserAliasAttribute, value: string): string | undefined {
    return this.usernamesByAlias.get(`${attribute}=${value}`);
  }

  /** The username of the user last saved holding `refreshToken`, if any. */
  usernameByRefreshToken(refreshToken: string): string | undefined {
    return this.usernamesByRefreshToken.get(refreshToken);
  }

  private indexUser(username: string, user: IndexedUser): void {
    for (const { Name, Value } of user.Attributes ?? []) {
      if (Value !== undefined && (userAliasAttributes as readonly string[]).includes(Name)) {
        this.usernamesByAlias.set(`${Name}=${Value}`, username);
      }
    }
    for (const token of user.RefreshTokens ?? []) this.usernamesByRefreshToken.set(token, username);
  }

  /** The object that holds `key`'s last name, made on the way when `create`; and that name. */
  private locate(
    key: string | string[],
    create: boolean,
  ): { readonly parent: Tree; readonly name: string } | undefined {
    const path = Array.isArray(key) ? key : [key];
    let node: Tree = this.root;
    for (const step of path.slice(0, -1)) {
      const next = node[step];
      if (isTree(next)) {
        node = next;
      } else if (create) {
        const made: Tree = {};
        node[step] = made;
        node = made;
      } else {
        return undefined;
      }
    }
    return { parent: node, name: path[path.length - 1] ?? '' };
  }

  get<T>(ctx: Context, key: string | string[]): Promise<T | null>;
  get<T>(ctx: Context, key: string | string[], defaultValue: T): Promise<T>;
  get<T>(_ctx: Context, key: string | string[], defaultValue?: T): Promise<T | null> {
    const place = this.locate(key, false);
    const value = place?.parent[place.name] as T | undefined;
    return Promise.resolve(value ?? defaultValue ?? null);
  }

  getRoot<T>(_ctx: Context): Promise<T | null> {
    return Promise.resolve(this.root as T);
  }

  set<T>(_ctx: Context, key: string | string[], value: T): Promise<void> {
    const place = this.locate(key, true);
    if (place) place.parent[place.name] = value;
    // cognito-local saves a user at ["Users", username], always whole (UserPoolServiceImpl.saveUser).
    if (Array.isArray(key) && key.length === 2 && key[0] === 'Users' && isTree(value)) {
      this.indexUser(place?.name ?? '', value as IndexedUser);
    }
    return Promise.resolve();
  }

  delete(_ctx: Context, key: string | string[]): Promise<void> {
    const place = this.locate(key, false);
    if (place) delete place.parent[place.name];
    return Promise.resolve();
  }
}

export class MemoryDataStoreFactory implements DataStoreFactory {
  private readonly stores = new Map<string, MemoryDataStore>();

  create(_ctx: Context, id: string, defaults: object): Promise<DataStore> {
    let store = this.stores.get(id);
    if (store === undefined) {
      store = new MemoryDataStore({ ...defaults });
      this.stores.set(id, store);
    }
    return Promise.resolve(store);
  }
}
