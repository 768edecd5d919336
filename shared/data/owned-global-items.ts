/**
 * Items outside a tenant's partitions that belong to one of its items, by item type: offboarding
 * deletes them before the owning item, so nothing of a deleted tenant is left in global partitions.
 * A new global item that a tenant item owns must be listed here.
 */
import { globalKeys, type ItemKey } from './keys.ts';

type OwnedKeys = (item: Readonly<Record<string, unknown>>) => ItemKey[];

export const ownedGlobalItems: Readonly<Record<string, OwnedKeys>> = {
  /** A member's sign-in email is unique across tenants through its guard item. */
  member: (item) => (typeof item.email === 'string' ? [globalKeys.emailGuard(item.email)] : []),
  /** A pending invitation is found from the public accept route through its token lookup. */
  invitation: (item) =>
    typeof item.tokenHash === 'string' ? [globalKeys.invitationToken(item.tokenHash)] : [],
};

export function globalKeysOwnedBy(item: Readonly<Record<string, unknown>>): ItemKey[] {
  const owned = typeof item.type === 'string' ? ownedGlobalItems[item.type] : undefined;
  return owned ? owned(item) : [];
}
