/**
 * The restore's checks and plan on an in-memory store: what DynamoDB Local cannot produce (a table
 * restored from PITR, with its restore time) and the rules of the plan that need exact inputs.
 */
import { describe, expect, it } from 'vitest';
import { tenantScopeForRestore } from '#shared/auth/tenant-context.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';
import type { RestoreStore, StoredItem, TableFacts } from '#shared/restore/model.ts';
import { planRestore } from '#shared/restore/plan.ts';
import { restoreTenant } from '#shared/restore/restore-tenant.ts';

const tenantId = '01JDABCDEFGHJKMNPQRSTVWXYZ';
const scope = tenantScopeForRestore(tenantId);
if (!scope) throw new Error('bad tenant id');
const tenantItem: StoredItem = { ...tenantKeys.tenant(scope), type: 'tenant', status: 'active' };
const tableFacts = (name: string, restoredAt?: Date): TableFacts => ({
  name,
  keySchema: 'PK HASH S, SK RANGE S',
  status: 'ACTIVE',
  ...(restoredAt && { restoredFrom: { at: restoredAt, source: 'arn', inProgress: false } }),
});

/** A store whose source is a restored table of `restoredAt`, holding only the tenant item. */
function storeRestoredAt(restoredAt: Date): RestoreStore & { writes: number } {
  const store = {
    writes: 0,
    describe: async (side: 'source' | 'live') =>
      side === 'source' ? tableFacts('copy', restoredAt) : tableFacts('live'),
    partitionItems: async (side: 'source' | 'live', _scope: unknown, partition: string) =>
      side === 'source' && partition === 'main' ? [tenantItem] : [],
    globalItem: async () => undefined,
    writeItems: async () => {
      store.writes++;
    },
    putGlobalItem: async () => true,
    deleteGlobalItem: async () => undefined,
    recordAudit: async () => undefined,
  };
  return store;
}

const deps = (store: RestoreStore) => ({ store, countedResources: [] });

describe('restoreTenant --at', () => {
  it('refuses a restored table whose restore time is another one, writing nothing', async () => {
    // Prepare
    const store = storeRestoredAt(new Date('2026-12-03T10:00:00Z'));

    // Act
    const refused = restoreTenant(
      { tenantId, at: new Date('2026-12-03T09:00:00Z'), dryRun: false, by: 'test' },
      deps(store),
    );

    // Assess
    await expect(refused).rejects.toThrow(
      'Table copy holds the data of 2026-12-03T10:00:00.000Z, not of 2026-12-03T09:00:00.000Z',
    );
    expect(store.writes).toBe(0);
  });

  it('restores from the table whose restore time is the one named, to the second', async () => {
    // Prepare
    const store = storeRestoredAt(new Date('2026-12-03T10:00:00.400Z'));

    // Act
    const report = await restoreTenant(
      { tenantId, at: new Date('2026-12-03T10:00:00Z'), dryRun: false, by: 'test' },
      deps(store),
    );

    // Assess
    expect(report.snapshotAt).toEqual(new Date('2026-12-03T10:00:00.400Z'));
    expect(report.plan.changes.tenant).toMatchObject({ added: 1 });
    expect(store.writes).toBeGreaterThan(0);
  });
});

describe('planRestore', () => {
  const member: StoredItem = {
    ...tenantKeys.member(scope, 'user-1'),
    type: 'member',
    userId: 'user-1',
    email: 'dana@example.test',
    role: 'member',
  };
  const guard = (owner: string): StoredItem => ({
    ...globalKeys.emailGuard('dana@example.test'),
    type: 'emailGuard',
    tenantId: owner,
  });

  it('refuses when another tenant holds an email the restore would give back', () => {
    // Act
    const plan = () =>
      planRestore({
        scope,
        source: { main: [tenantItem, member] },
        live: { main: [tenantItem] },
        globals: [
          {
            key: globalKeys.emailGuard('dana@example.test'),
            source: guard(tenantId),
            live: guard('01JDZZZZZZZZZZZZZZZZZZZZZZ'),
          },
        ],
        countedResources: [],
      });

    // Assess
    expect(plan).toThrow('Another tenant holds 1 of this tenant');
  });

  it('keeps live audit events the copy lacks, and brings back the ones the live table lost', () => {
    // Prepare
    const event = (id: string): StoredItem => ({
      ...tenantKeys.auditEvent(scope, '2026-12-03T10:00:00.000Z', id),
      type: 'audit',
    });

    // Act
    const plan = planRestore({
      scope,
      source: { main: [tenantItem], audit: [event('a'), event('b')] },
      live: { main: [tenantItem], audit: [event('b'), event('c')] },
      globals: [],
      countedResources: [],
    });

    // Assess
    expect(plan.changes.audit).toEqual({ added: 1, changed: 0, removed: 0, kept: 1, unchanged: 1 });
    expect(plan.deletes).toEqual([]);
    expect(plan.puts).toContainEqual(event('a'));
  });
});
