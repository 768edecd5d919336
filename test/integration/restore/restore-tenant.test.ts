/**
 * Per-tenant restore against two DynamoDB Local tables: the live one and a copy taken before two
 * mistakes (as a point-in-time restore would give it). A tenant deleted by mistake and a tenant
 * whose projects were overwritten come back as they were; a third tenant, changed after the copy,
 * is left exactly as it is; bad input writes nothing.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTable } from '#dev/bootstrap.ts';
import { tenantScopeForRestore } from '#shared/auth/tenant-context.ts';
import { batchWrite } from '#shared/data/batch-write.ts';
import { documentClient } from '#shared/data/document-client.ts';
import { globalKeys, tenantKeys } from '#shared/data/keys.ts';
import { DynamoRestoreStore } from '#shared/data/restore-store.ts';
import { projectResource } from '#shared/projects/resource.ts';
import type { RestoreStore } from '#shared/restore/model.ts';
import { restoreTenant } from '#shared/restore/restore-tenant.ts';
import { webhookResource } from '#shared/webhooks/resource.ts';
import { seedTenantItems } from '../../support/bulk-items.ts';
import { request, startTestGateway, type TestGateway } from '../../support/gateway.ts';
import { startTestJobs, type TestJobs } from '../../support/jobs.ts';
import { inviteToken } from '../../support/members.ts';
import { allItems } from '../../support/table.ts';
import { type SignedUpTenant, signUpAndLogin, uniqueEmail } from '../../support/tenants.ts';

const run = promisify(execFile);
const rootDir = fileURLToPath(new URL('../../..', import.meta.url));
const copyTable = `restore-copy-${randomUUID().slice(0, 8)}`;

let gateway: TestGateway;
let jobs: TestJobs;
let deleted: SignedUpTenant;
let overwritten: SignedUpTenant;
let bystander: SignedUpTenant;
let invitedEmail: string;
let copied: Record<string, unknown>[];

const api = <T = unknown>(
  who: SignedUpTenant,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) => request<T>(gateway.baseUrl, method, path, { token: who.idToken, ...options });

/** Every item of the tenant: its partitions and the global items that carry its id. */
const ofTenant = (tenantId: string) => (item: Record<string, unknown>) =>
  item.PK === `T#${tenantId}` ||
  String(item.PK).startsWith(`T#${tenantId}#`) ||
  (item.tenantId === tenantId && !String(item.PK).startsWith('T#'));

const byKey = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  `${a.PK} ${a.SK}`.localeCompare(`${b.PK} ${b.SK}`);

async function itemsOf(tenantId: string): Promise<Record<string, unknown>[]> {
  return (await allItems()).filter(ofTenant(tenantId)).sort(byKey);
}

/** `npm run restore-tenant` as an operator runs it, against the test run's DynamoDB Local. */
async function restoreCli(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/restore-tenant.ts', ...args],
      { cwd: rootDir, env: process.env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

type Project = { id: string; name: string };

async function projectsOf(who: SignedUpTenant): Promise<Project[]> {
  const list = await api<{ items: Project[] }>(who, 'GET', '/v1/projects?limit=100');
  return list.body.items;
}

beforeAll(async () => {
  jobs = await startTestJobs();
  gateway = await startTestGateway();
  [deleted, overwritten, bystander] = await Promise.all([
    signUpAndLogin(gateway.baseUrl, 'Deleted Co'),
    signUpAndLogin(gateway.baseUrl, 'Overwritten Co'),
    signUpAndLogin(gateway.baseUrl, 'Bystander Co'),
  ]);
  for (const name of ['Website', 'Billing']) {
    await api(deleted, 'POST', '/v1/projects', { body: { name } });
  }
  await api(deleted, 'POST', '/v1/webhooks', {
    body: { url: 'https://hooks.example.com/deleted', events: ['project.created'] },
  });
  invitedEmail = uniqueEmail('invited');
  await inviteToken({ ...deleted, role: 'owner' }, invitedEmail, 'member');
  const scope = tenantScopeForRestore(deleted.tenantId);
  if (!scope) throw new Error('bad tenant id');
  // Enough audit events that a restore with small batches is interrupted half way.
  await seedTenantItems(scope, { projects: 0, audit: 150 });
  for (const name of ['Alpha', 'Beta', 'Gamma']) {
    await api(overwritten, 'POST', '/v1/projects', { body: { name } });
  }
  await api(bystander, 'POST', '/v1/projects', { body: { name: 'Before the copy' } });
  await jobs.workers.drained();

  // The copy: what a point-in-time restore of the table at this moment would hold for them.
  const dynamodb = process.env.DYNAMODB_ENDPOINT ?? '';
  await createTable(dynamodb, copyTable);
  copied = (await allItems()).filter(
    (item) =>
      ofTenant(deleted.tenantId)(item) ||
      ofTenant(overwritten.tenantId)(item) ||
      ofTenant(bystander.tenantId)(item),
  );
  await batchWrite(documentClient(), copyTable, { puts: copied });

  // After the copy: the bystander goes on working, and two mistakes happen.
  await api(bystander, 'POST', '/v1/projects', { body: { name: 'After the copy' } });
  const deletion = await api(deleted, 'DELETE', '/v1/tenant', {
    body: { confirm: 'Deleted Co' },
  });
  expect(deletion.status).toBe(202);
  const [alpha, beta, gamma] = (await projectsOf(overwritten)).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const project of [alpha, beta]) {
    await api(overwritten, 'PATCH', `/v1/projects/${project?.id}`, {
      body: { name: 'OVERWRITTEN' },
      headers: { 'if-match': '*' },
    });
  }
  await api(overwritten, 'DELETE', `/v1/projects/${gamma?.id}`, { headers: { 'if-match': '*' } });
  await api(overwritten, 'POST', '/v1/projects', { body: { name: 'Made after the copy' } });
  await jobs.workers.drained(60_000);
  expect(await itemsOf(deleted.tenantId)).toEqual([
    expect.objectContaining({ PK: `TOMBSTONE#${deleted.tenantId}` }),
  ]);
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await jobs?.stop();
});

describe('npm run restore-tenant', () => {
  it('shows in a dry run what it would change per kind of item, and writes nothing', async () => {
    // Prepare
    const before = await itemsOf(overwritten.tenantId);

    // Act
    const result = await restoreCli([
      '--tenant',
      overwritten.tenantId,
      '--from-table',
      copyTable,
      '--dry-run',
    ]);

    // Assess
    expect(result.code).toBe(0);
    // kind, added, changed, removed, kept, unchanged
    expect(result.stdout).toMatch(/^project\s+1\s+2\s+1\s+0\s+0$/m);
    expect(result.stdout).toContain('DRY RUN');
    expect(result.stdout).toContain('Counters after the restore: projects 3, webhooks 0, seats 1');
    expect(await itemsOf(overwritten.tenantId)).toEqual(before);
  });

  it('brings back overwritten projects, keeps the counters right and audits itself', async () => {
    // Act
    const result = await restoreCli(['--tenant', overwritten.tenantId, '--from-table', copyTable]);
    const projects = await projectsOf(overwritten);
    const fourth = await api(overwritten, 'POST', '/v1/projects', { body: { name: 'One more' } });
    const audit = await api<{ items: { action: string; details: Record<string, unknown> }[] }>(
      overwritten,
      'GET',
      '/v1/audit?action=tenant.restored',
    );

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('recorded as tenant.restored');
    expect(projects.map((project) => project.name).sort()).toEqual(['Alpha', 'Beta', 'Gamma']);
    // Free allows 3 projects: the restored counter says 3, so a fourth is refused.
    expect(fourth.status).toBe(402);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        action: 'tenant.restored',
        details: expect.objectContaining({ sourceTable: copyTable, written: 5 }),
      }),
    ]);
  });

  it('brings a deleted tenant back after an interruption half way, as one run would', async () => {
    // Prepare: a store that fails on its third batch, as a crash or a lost connection would
    const store = new DynamoRestoreStore(
      new DynamoDBClient({
        endpoint: process.env.DYNAMODB_ENDPOINT,
        region: process.env.AWS_REGION,
      }),
      { source: copyTable, live: process.env.TABLE_NAME ?? '' },
    );
    let batches = 0;
    const failing: RestoreStore = Object.assign(Object.create(store) as RestoreStore, {
      writeItems: async (...args: Parameters<RestoreStore['writeItems']>) => {
        if (++batches === 3) throw new Error('connection lost');
        return store.writeItems(...args);
      },
    });
    const request = { tenantId: deleted.tenantId, dryRun: false, by: 'test' };
    const deps = { countedResources: [projectResource, webhookResource], batchSize: 25 };

    // Act
    await expect(restoreTenant(request, { ...deps, store: failing })).rejects.toThrow(
      'connection lost',
    );
    const halfWay = await itemsOf(deleted.tenantId);
    const report = await restoreTenant(request, { ...deps, store });
    const again = await restoreTenant({ ...request, dryRun: true }, { ...deps, store });
    const after = await itemsOf(deleted.tenantId);

    // Assess: every item of the copy is back, byte for byte (the skipped partitions aside)
    expect(halfWay.length).toBeGreaterThan(1);
    expect(report.plan.membersWithoutSignIn).toEqual([
      { userId: deleted.userId, email: deleted.email, role: 'owner' },
    ]);
    const skipped = ['#IDEM', '#JOBRUN', '#ACCOUNT'].map(
      (suffix) => `T#${deleted.tenantId}${suffix}`,
    );
    const expected = copied
      .filter(ofTenant(deleted.tenantId))
      .filter((item) => !skipped.includes(String(item.PK)));
    for (const item of expected) expect(after).toContainEqual(item);
    expect(
      Object.values(again.plan.changes).every(
        (kind) => kind.added + kind.changed + kind.removed === 0,
      ),
    ).toBe(true);
    // Its global lookups: the owner's email guard and the pending invitation's token.
    expect(after.filter((item) => item.type === 'emailGuard').map((item) => item.PK)).toEqual([
      globalKeys.emailGuard(deleted.email).PK,
    ]);
    expect(after.filter((item) => item.type === 'invitationToken')).toHaveLength(1);
    const scope = tenantScopeForRestore(deleted.tenantId);
    if (!scope) throw new Error('bad tenant id');
    const { Item: counters } = await documentClient().send(
      new GetCommand({ TableName: process.env.TABLE_NAME, Key: tenantKeys.counters(scope) }),
    );
    expect(counters).toMatchObject({ projects: 2, webhooks: 1, seats: 2 });
    // The run that finished is on record (the interrupted one wrote no event).
    const actions = after.filter((item) => item.type === 'audit').map((item) => item.action);
    expect(actions.filter((action) => action === 'tenant.restored')).toHaveLength(1);
    expect(after).toContainEqual(
      expect.objectContaining({ type: 'invitation', email: invitedEmail, status: 'pending' }),
    );
  });

  it('leaves another tenant exactly as it is, including what it did after the copy', async () => {
    // Prepare
    const before = await itemsOf(bystander.tenantId);

    // Act
    await restoreCli(['--tenant', overwritten.tenantId, '--from-table', copyTable]);
    const after = await itemsOf(bystander.tenantId);
    const projects = await projectsOf(bystander);

    // Assess
    expect(after).toEqual(before);
    expect(projects.map((project) => project.name).sort()).toEqual([
      'After the copy',
      'Before the copy',
    ]);
  });

  it('refuses bad input with a clear message and writes nothing', async () => {
    // Prepare: a table of another shape, and a pending change the refusals must not apply
    const otherShape = `restore-other-${randomUUID().slice(0, 8)}`;
    const client = new DynamoDBClient({
      endpoint: process.env.DYNAMODB_ENDPOINT,
      region: process.env.AWS_REGION,
    });
    await client.send(
      new CreateTableCommand({
        TableName: otherShape,
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    const [project] = await projectsOf(overwritten);
    await api(overwritten, 'PATCH', `/v1/projects/${project?.id}`, {
      body: { name: 'Changed again' },
      headers: { 'if-match': '*' },
    });
    const before = await itemsOf(overwritten.tenantId);
    const id = overwritten.tenantId;

    // Act
    const results = await Promise.all([
      restoreCli(['--tenant', 'not-a-tenant', '--from-table', copyTable]),
      restoreCli(['--tenant', ulid(), '--from-table', copyTable]),
      restoreCli(['--tenant', id, '--from-table', 'no-such-table']),
      restoreCli(['--tenant', id, '--from-table', otherShape]),
      restoreCli(['--tenant', id, '--from-table', process.env.TABLE_NAME ?? '']),
      restoreCli(['--tenant', id, '--from-table', copyTable, '--at', '2026-12-01T00:00:00Z']),
      restoreCli(['--tenant', id]),
    ]);

    // Assess
    expect(results.map((result) => result.code)).toEqual([1, 1, 1, 1, 1, 1, 2]);
    const messages = results.map((result) => result.stderr);
    expect(messages[0]).toContain('is not a tenant id');
    expect(messages[1]).toContain('is not in');
    expect(messages[2]).toContain('source table does not exist');
    expect(messages[3]).toContain('not a TenantKit table');
    expect(messages[4]).toContain('is the live table');
    expect(messages[5]).toContain('--at cannot be checked');
    expect(messages[6]).toContain('Usage:');
    for (const result of results.slice(0, 6)) expect(result.stderr).toContain('nothing written');
    expect(await itemsOf(overwritten.tenantId)).toEqual(before);
  }, 120_000);
});
